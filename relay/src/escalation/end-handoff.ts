/**
 * The agent ends the handoff with a resolution: the call's ticket is updated (or one is opened,
 * numbered like every other ticket), the lead updated through the lead code, the visitor told
 * (resolution and ticket number), the agent free for the next call. All in one transaction, and
 * only once: a second end finds the escalation no longer accepted.
 */
import { desc, eq } from "drizzle-orm";
import type { EndHandoff } from "@parley/protocol";
import type { RelayContext } from "../context";
import { updateLead } from "../actions/leads";
import { issueLabel, openTicket } from "../actions/ticket-actions";
import { agents, escalations, sessions, tickets } from "../db/schema";
import { publish } from "../feed";
import { conflict, forbidden } from "../http/errors";
import { assignQueued } from "./assign-agent";
import { escalationOrThrow, type EscalationRow } from "./escalation-view";
import { insertHandoffMessage, keepsText, logHandoffLine } from "./handoff-messages";

const ISSUE_OF_CATEGORY: Record<string, string> = {
  billing: "billing",
  technical: "technical",
  delivery: "delivery_delay",
};

export async function endHandoff(
  ctx: RelayContext,
  escalationId: string,
  agentId: string,
  body: EndHandoff,
): Promise<{ ticketNumber: string }> {
  const now = ctx.now();
  return ctx.store.write(async (tx) => {
    const esc: EscalationRow = await escalationOrThrow(tx, escalationId);
    if (esc.agentId !== agentId) throw forbidden("this handoff is another agent's", "not_yours");
    if (esc.state !== "accepted") throw conflict(`the handoff is ${esc.state}`, "handoff_not_live");
    const [session] = await tx
      .select()
      .from(sessions)
      .where(eq(sessions.id, esc.sessionId))
      .limit(1);
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(eq(tickets.sessionId, esc.sessionId))
      .orderBy(desc(tickets.id))
      .limit(1);
    const issueType = ticket?.issueType ?? ISSUE_OF_CATEGORY[esc.category] ?? "other";
    let number: string;
    if (ticket) {
      number = ticket.number;
      await tx
        .update(tickets)
        .set({ status: body.ticketStatus, resolution: body.resolution, updatedAt: now })
        .where(eq(tickets.id, ticket.id));
    } else {
      number = await openTicket(tx, {
        placeholder: esc.id,
        siteId: esc.siteId,
        sessionId: esc.sessionId,
        leadId: session?.leadId ?? null,
        issueType,
        priority: esc.urgency === "high" ? "high" : "medium",
        status: body.ticketStatus,
        summary: esc.reason,
        resolution: body.resolution,
        now,
      });
    }
    await publish(tx, {
      siteId: esc.siteId,
      topic: ticket ? "ticket.updated" : "ticket.created",
      entityId: number,
      data: { number, status: body.ticketStatus, sessionId: esc.sessionId },
      at: now,
    });
    if (session) {
      const resolved = body.ticketStatus === "resolved" || body.ticketStatus === "closed";
      await updateLead(
        tx,
        session.leadId,
        {
          leadStatus: "contacted",
          lastContactedAt: now,
          lastIssue: `${issueLabel(issueType, body.ticketStatus)}: ${body.resolution}`.slice(
            0,
            500,
          ),
          pendingAction: resolved ? null : "follow_up",
        },
        now,
      );
      await publish(tx, {
        siteId: esc.siteId,
        topic: "lead.updated",
        entityId: session.leadId,
        data: { sessionId: esc.sessionId },
        at: now,
      });
      await tx
        .update(sessions)
        .set({
          status: "active",
          stage: "closing",
          resolution: "escalated",
          pendingActions: [],
          updatedAt: now,
        })
        .where(eq(sessions.id, esc.sessionId));
      await publish(tx, {
        siteId: esc.siteId,
        topic: "session.updated",
        entityId: esc.sessionId,
        data: { status: "active", stage: "closing" },
        at: now,
      });
    }
    await tx
      .update(escalations)
      .set({ state: "ended", updatedAt: now })
      .where(eq(escalations.id, esc.id));
    await insertHandoffMessage(
      tx,
      esc,
      "system",
      "ended",
      { resolution: body.resolution, ticketNumber: number },
      now,
    );
    await logHandoffLine(
      tx,
      esc,
      "system",
      `Resolution: ${body.resolution} (ticket ${number})`,
      keepsText(ctx, esc.siteId),
      now,
    );
    await tx
      .update(agents)
      .set({ status: "available", updatedAt: now })
      .where(eq(agents.id, agentId));
    await publish(tx, {
      siteId: esc.siteId,
      topic: "escalation.updated",
      entityId: esc.id,
      data: { state: "ended", sessionId: esc.sessionId },
      at: now,
    });
    await assignQueued(tx, esc.siteId, agentId, now);
    return { ticketNumber: number };
  });
}
