/**
 * The live dashboard's per-call card, built from the relay's records: the session row (status,
 * stage, intent, sentiment trajectory, response times, missing info, pending actions), its
 * messages (knowledge use, documents retrieved), actions (pending vs completed), ticket and
 * escalation. Batched: a handful of queries for any number of calls.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, or } from "drizzle-orm";
import { actionFinishedWell } from "@parley/protocol";
import { actions, escalations, leads, messages, sessions, tickets } from "../db/schema";
import type { Db } from "../db/store";
import type { CallCard } from "./client/call-card";
import type { TimeRange } from "./range";

/** A call with no activity for this long and no end event is no longer shown as live. */
export const STALE_CALL_MS = 30 * 60 * 1000;

export type { CallCard };

const RUNNING_STATES = new Set(["queued", "sending"]);

function visitorLabel(lead: typeof leads.$inferSelect | undefined, leadId: string): string {
  if (lead?.name) return lead.name;
  if (lead?.visitorId) return lead.visitorId;
  return leadId;
}

/** A site's calls that started in [from, to): the one definition the lists, exports and metrics share. */
export function startedInRange(siteId: string, range: TimeRange) {
  return and(
    eq(sessions.siteId, siteId),
    gte(sessions.startedAt, range.from),
    lt(sessions.startedAt, range.to),
  );
}

/** Ids of a site's calls that started in [from, to), newest or oldest first (lists, exports). */
export async function sessionIdsInRange(
  db: Db,
  siteId: string,
  range: TimeRange,
  order: "newest" | "oldest",
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(startedInRange(siteId, range))
    .orderBy(order === "newest" ? desc(sessions.startedAt) : asc(sessions.startedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function activeSessionIds(db: Db, siteId: string, now: number): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.siteId, siteId),
        ne(sessions.status, "ended"),
        isNull(sessions.endedAt),
        gt(sessions.updatedAt, now - STALE_CALL_MS),
      ),
    )
    .orderBy(asc(sessions.startedAt))
    .limit(500);
  return rows.map((r) => r.id);
}

export async function loadCallCards(
  db: Db,
  sessionIds: string[],
  now: number,
): Promise<CallCard[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db.select().from(sessions).where(inArray(sessions.id, sessionIds));
  const leadIds = [...new Set(rows.map((r) => r.leadId))];
  const [leadRows, messageRows, actionRows, ticketRows, escalationRows] = await Promise.all([
    leadIds.length
      ? db.select().from(leads).where(inArray(leads.id, leadIds))
      : Promise.resolve([]),
    db
      .select({
        sessionId: messages.sessionId,
        usedKnowledge: messages.usedKnowledge,
        docCount: messages.docCount,
      })
      .from(messages)
      .where(
        and(
          inArray(messages.sessionId, sessionIds),
          or(eq(messages.usedKnowledge, true), gt(messages.docCount, 0)),
        ),
      )
      .orderBy(asc(messages.at)),
    db
      .select({ sessionId: actions.sessionId, type: actions.type, status: actions.status })
      .from(actions)
      .where(inArray(actions.sessionId, sessionIds))
      .orderBy(asc(actions.createdAt)),
    db
      .select({
        sessionId: tickets.sessionId,
        number: tickets.number,
        status: tickets.status,
        issueType: tickets.issueType,
      })
      .from(tickets)
      .where(inArray(tickets.sessionId, sessionIds))
      .orderBy(desc(tickets.id)),
    db
      .select()
      .from(escalations)
      .where(inArray(escalations.sessionId, sessionIds))
      .orderBy(desc(escalations.createdAt)),
  ]);
  const leadById = new Map(leadRows.map((l) => [l.id, l]));
  return rows.map((s) => {
    const knowledge = messageRows.filter((m) => m.sessionId === s.id && m.usedKnowledge);
    const acts = actionRows.filter((a) => a.sessionId === s.id);
    const ticket = ticketRows.find((t) => t.sessionId === s.id);
    const escalation = escalationRows.find((e) => e.sessionId === s.id);
    const end = s.endedAt ?? now;
    return {
      sessionId: s.id,
      siteId: s.siteId,
      visitor: visitorLabel(leadById.get(s.leadId), s.leadId),
      leadId: s.leadId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      durationMs: s.durationMs ?? Math.max(0, end - s.startedAt),
      status: s.status,
      stage: s.stage,
      intent: s.intent,
      issueType: ticket?.issueType ?? null,
      mode: s.mode,
      turnCount: s.turnCount,
      avgResponseMs:
        s.voiceToVoiceCount > 0 ? Math.round(s.voiceToVoiceTotalMs / s.voiceToVoiceCount) : null,
      knowledgeUsed: knowledge.length > 0,
      // The brief's "3 docs retrieved": what the latest knowledge-backed answer drew on.
      docsRetrieved: knowledge.at(-1)?.docCount ?? 0,
      missingInfo: s.missingInfo ?? [],
      pendingActions: s.pendingActions ?? [],
      inProgressActions: acts.filter((a) => RUNNING_STATES.has(a.status)).map((a) => a.type),
      completedActions: acts.filter((a) => actionFinishedWell(a.type, a.status)).map((a) => a.type),
      failedActions: acts.filter((a) => a.status === "failed").map((a) => a.type),
      ticketNumber: ticket?.number ?? null,
      ticketStatus: ticket?.status ?? null,
      sentimentTrajectory: s.sentimentTrajectory ?? [],
      resolution: s.resolution,
      rating: s.rating,
      escalation: escalation
        ? {
            id: escalation.id,
            state: escalation.state,
            category: escalation.category,
            agentId: escalation.agentId,
          }
        : null,
    };
  });
}

/** Escalations waiting for an agent (the dashboard's "Queue"). */
export async function queuedEscalations(db: Db, siteId: string) {
  return db
    .select({
      id: escalations.id,
      sessionId: escalations.sessionId,
      category: escalations.category,
      createdAt: escalations.createdAt,
    })
    .from(escalations)
    .where(and(eq(escalations.siteId, siteId), eq(escalations.state, "queued")))
    .orderBy(asc(escalations.createdAt));
}
