/**
 * Appends to the relay's change feed (`live_feed`) from the dashboard's own writes, inside the
 * same transaction, so every relay process's live views see them. The dashboard's topics extend
 * the relay's (escalation.updated, agent.updated …); the data never holds contact details.
 */
import { liveFeed } from "../db/schema";
import type { Tx } from "../db/store";

export type DashboardTopic =
  | "session.updated"
  | "message.created"
  | "ticket.updated"
  | "ticket.created"
  | "lead.updated"
  | "callback.updated"
  | "escalation.updated"
  | "agent.updated";

export async function publishChange(
  tx: Tx,
  entry: {
    siteId: string;
    topic: DashboardTopic;
    entityId: string;
    data: Record<string, unknown>;
    at: number;
  },
): Promise<void> {
  await tx.insert(liveFeed).values(entry);
}
