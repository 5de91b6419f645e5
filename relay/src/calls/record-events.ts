/**
 * POST /v1/sessions/:id/events: store each event once (session + seq is unique, so a replayed
 * batch — a retry, or sendBeacon after a fetch that did arrive — changes nothing), and fold new
 * events into the call record, the conversation log and the lead.
 */
import { desc, eq } from "drizzle-orm";
import type { CallEvent, SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import { analyticsEvents, callEvents, escalations, leads, messages, sessions } from "../db/schema";
import type { Tx } from "../db/store";
import { withdrawEscalation } from "../escalation/withdraw";
import { publish } from "../feed";
import { notFound } from "../http/errors";
import { MINUTE, consume } from "../rate-limit";

export interface EventsStored {
  stored: number;
  duplicates: number;
}

type SessionRow = typeof sessions.$inferSelect;

function appendSentiment(trajectory: string[], sentiment: string): string[] {
  return trajectory[trajectory.length - 1] === sentiment
    ? trajectory
    : [...trajectory, sentiment].slice(-50);
}

async function apply(
  tx: Tx,
  site: SiteConfig,
  session: SessionRow,
  event: CallEvent,
  now: number,
): Promise<Partial<SessionRow>> {
  const keepText = site.transcriptLogging;
  switch (event.type) {
    case "call_started":
      return { mode: event.mode, status: "active" };
    case "turn_started":
      return {};
    case "turn_ended": {
      const common = {
        sessionId: session.id,
        turnId: event.turnId,
        intent: event.intent,
        stage: event.stage,
        sentiment: event.sentiment,
      };
      if (event.user_text !== null) {
        await tx.insert(messages).values({
          ...common,
          speaker: "visitor",
          text: keepText ? event.user_text : null,
          at: event.at,
        });
      }
      await tx.insert(messages).values({
        ...common,
        speaker: "agent",
        text: keepText ? event.agent_text : null,
        at: event.at,
        timings: event.timings,
        usedKnowledge: event.used_knowledge,
        docCount: event.retrieved_docs,
        topScore: event.top_score,
        brain: event.brain,
      });
      const v2v = event.timings.voice_to_voice_ms;
      return {
        intent: event.intent,
        stage: event.stage,
        status: event.status,
        sentimentTrajectory: appendSentiment(session.sentimentTrajectory, event.sentiment),
        turnCount: session.turnCount + 1,
        voiceToVoiceTotalMs: session.voiceToVoiceTotalMs + (v2v ?? 0),
        voiceToVoiceCount: session.voiceToVoiceCount + (v2v === undefined ? 0 : 1),
        missingInfo: event.missing_info,
        pendingActions: event.pending_actions,
      };
    }
    case "agent_said":
      await tx.insert(messages).values({
        sessionId: session.id,
        speaker: "agent",
        text: keepText ? event.text : null,
        at: event.at,
      });
      return {};
    case "status_changed":
      return { status: event.status, ...(event.stage ? { stage: event.stage } : {}) };
    case "lead_updated": {
      const l = event.lead;
      const set = {
        ...(l.name ? { name: l.name } : {}),
        ...(l.company ? { company: l.company } : {}),
        ...(l.phone ? { phone: l.phone } : {}),
        ...(l.email ? { email: l.email } : {}),
        ...(l.preferred_channel ? { preferredChannel: l.preferred_channel } : {}),
      };
      if (Object.keys(set).length)
        await tx
          .update(leads)
          .set({ ...set, updatedAt: now })
          .where(eq(leads.id, session.leadId));
      return {};
    }
    case "call_ended": {
      const [escalated] = await tx
        .select()
        .from(escalations)
        .where(eq(escalations.sessionId, session.id))
        .orderBy(desc(escalations.createdAt))
        .limit(1);
      // Hanging up (or closing the page) while waiting for a person, or while talking to one,
      // ends it on the agent's console at once.
      if (escalated) await withdrawEscalation(tx, escalated, "hung_up", { keepText, now });
      const resolution =
        event.reason === "escalated" || escalated
          ? "escalated"
          : event.reason === "abandoned" || event.reason === "error"
            ? "abandoned"
            : "autonomous";
      const durationMs = Math.max(0, event.at - session.startedAt);
      await tx.insert(analyticsEvents).values({
        siteId: site.id,
        sessionId: session.id,
        name: "call.ended",
        props: {
          intent: session.intent,
          resolution,
          duration_ms: durationMs,
          turns: session.turnCount,
          sentiment: session.sentimentTrajectory,
          avg_voice_to_voice_ms: session.voiceToVoiceCount
            ? session.voiceToVoiceTotalMs / session.voiceToVoiceCount
            : null,
          rating: event.rating ?? session.rating ?? null,
        },
        at: now,
      });
      return {
        status: "ended",
        stage: "ended",
        endedAt: event.at,
        durationMs,
        resolution,
        endReason: event.reason,
        ...(event.rating ? { rating: event.rating } : {}),
        pendingActions: [],
      };
    }
    case "rating":
      return { rating: event.rating };
  }
}

export async function recordEvents(
  ctx: RelayContext,
  site: SiteConfig,
  sessionId: string,
  events: CallEvent[],
): Promise<EventsStored> {
  const now = ctx.now();
  return ctx.store.write(async (tx) => {
    const [found] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1);
    if (!found) throw notFound("session not found", "session_not_found");
    await consume(
      tx,
      {
        key: `session:${sessionId}:events`,
        limit: ctx.limits.eventBatchesPerSessionPerMinute,
        windowMs: MINUTE,
        what: "event batches in this session per minute",
      },
      now,
    );
    let session: SessionRow = found;
    let stored = 0;
    let duplicates = 0;
    const ordered = [...events].sort((a, b) => a.seq - b.seq);
    let patch: Partial<SessionRow> = {};
    for (const event of ordered) {
      const inserted = await tx
        .insert(callEvents)
        .values({
          sessionId,
          seq: event.seq,
          type: event.type,
          at: event.at,
          payload: site.transcriptLogging ? event : { type: event.type, seq: event.seq },
          receivedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: callEvents.id });
      if (inserted.length === 0) {
        duplicates++;
        continue;
      }
      stored++;
      const change = await apply(tx, site, session, event, now);
      patch = { ...patch, ...change };
      session = { ...session, ...change };
      if (event.type === "turn_ended") {
        await publish(tx, {
          siteId: site.id,
          topic: "message.created",
          entityId: sessionId,
          data: { turnId: event.turnId, intent: event.intent },
          at: now,
        });
      }
    }
    if (stored > 0) {
      await tx
        .update(sessions)
        .set({ ...patch, updatedAt: now })
        .where(eq(sessions.id, sessionId));
      await publish(tx, {
        siteId: site.id,
        topic: "session.updated",
        entityId: sessionId,
        data: {
          status: session.status,
          stage: session.stage,
          intent: session.intent,
          turns: session.turnCount,
        },
        at: now,
      });
    }
    return { stored, duplicates };
  });
}
