/**
 * The visitor takes the transfer back before an agent ended it: they chose to go back to the AI,
 * hung up (or closed the page: the widget's last events arrive by beacon), or nobody took the call
 * within the site's wait. The escalation is `withdrawn`, the agent it was offered to (or who was
 * talking) is told at once through the handoff log and the feed and is free for the next call, and
 * the lead no longer waits for a human handoff. Idempotent: a second withdraw changes nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { WithdrawReason } from "@parley/protocol";
import { updateLead } from "../actions/leads";
import { agents, escalations, sessions } from "../db/schema";
import type { Tx } from "../db/store";
import { publish } from "../feed";
import { assignQueued } from "./assign-agent";
import { OPEN_STATES, type EscalationRow } from "./escalation-view";
import { insertHandoffMessage, logHandoffLine } from "./handoff-messages";

/** What the agent console shows when the visitor withdrew (never contact details). */
export const WITHDRAWN_TEXT: Record<WithdrawReason, string> = {
  back_to_ai: "The visitor went back to the AI assistant.",
  hung_up: "The visitor hung up.",
  no_agent: "Nobody was free in time; the visitor was offered a callback.",
};

/** Withdraws `esc` if it is still open; returns whether it did. */
export async function withdrawEscalation(
  tx: Tx,
  esc: EscalationRow,
  reason: WithdrawReason,
  { keepText, now }: { keepText: boolean; now: number },
): Promise<boolean> {
  const [taken] = await tx
    .update(escalations)
    .set({ state: "withdrawn", updatedAt: now })
    .where(
      and(eq(escalations.id, esc.id), inArray(escalations.state, [...OPEN_STATES] as string[])),
    )
    .returning({ id: escalations.id });
  if (!taken) return false;
  const text = WITHDRAWN_TEXT[reason];
  await insertHandoffMessage(tx, esc, "system", "withdrawn", { reason, text }, now);
  await logHandoffLine(tx, esc, "system", text, keepText, now);
  await publish(tx, {
    siteId: esc.siteId,
    topic: "escalation.updated",
    entityId: esc.id,
    data: {
      state: "withdrawn",
      reason,
      agentId: esc.agentId,
      sessionId: esc.sessionId,
      was: esc.state,
    },
    at: now,
  });
  if (esc.agentId && (esc.state === "assigned" || esc.state === "accepted")) {
    // The agent this call was offered to (or who was on it) is free again.
    const [freed] = await tx
      .update(agents)
      .set({ status: "available", updatedAt: now })
      .where(and(eq(agents.id, esc.agentId), eq(agents.status, "busy")))
      .returning({ id: agents.id });
    if (freed) {
      await publish(tx, {
        siteId: esc.siteId,
        topic: "agent.updated",
        entityId: esc.agentId,
        data: { status: "available", reason: "visitor_withdrew" },
        at: now,
      });
      await assignQueued(tx, esc.siteId, esc.agentId, now);
    }
  }
  const [session] = await tx
    .select({ leadId: sessions.leadId, status: sessions.status })
    .from(sessions)
    .where(eq(sessions.id, esc.sessionId))
    .limit(1);
  if (session) {
    await updateLead(tx, session.leadId, { pendingAction: null }, now);
    if (reason !== "hung_up" && session.status !== "ended")
      await tx
        .update(sessions)
        .set({ status: "active", stage: "understanding", updatedAt: now })
        .where(eq(sessions.id, esc.sessionId));
  }
  return true;
}
