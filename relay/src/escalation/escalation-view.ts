/**
 * How an escalation is shown to the agent console and the dashboard (with the agent's name), and
 * the one way every escalation step loads its row.
 */
import { eq, inArray } from "drizzle-orm";
import { agents, escalations } from "../db/schema";
import type { Db, Tx } from "../db/store";
import { notFound } from "../http/errors";

export type EscalationRow = typeof escalations.$inferSelect;

export interface HandoffView {
  id: string;
  sessionId: string;
  siteId: string;
  state: string;
  category: string;
  urgency: string | null;
  reason: string;
  agentId: string | null;
  agentName: string | null;
  handoff: unknown;
  createdAt: number;
  updatedAt: number;
}

export async function viewEscalations(db: Db | Tx, rows: EscalationRow[]): Promise<HandoffView[]> {
  const ids = [...new Set(rows.map((r) => r.agentId).filter((v): v is string => Boolean(v)))];
  const names = ids.length
    ? await db
        .select({ id: agents.id, name: agents.name })
        .from(agents)
        .where(inArray(agents.id, ids))
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.sessionId,
    siteId: r.siteId,
    state: r.state,
    category: r.category,
    urgency: r.urgency,
    reason: r.reason,
    agentId: r.agentId,
    agentName: r.agentId ? (nameOf.get(r.agentId) ?? null) : null,
    handoff: r.handoff,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

export async function escalationOrThrow(tx: Tx | Db, id: string): Promise<EscalationRow> {
  const [row] = await tx.select().from(escalations).where(eq(escalations.id, id)).limit(1);
  if (!row) throw notFound("no such escalation", "escalation_not_found");
  return row;
}

/** States in which an escalation still holds the visitor (and maybe an agent). */
export const OPEN_STATES = ["queued", "assigned", "accepted"] as const;
