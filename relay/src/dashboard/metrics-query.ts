/**
 * The dashboard's performance metrics for a time window, over the calls that *started* in it:
 *
 * - totalCalls: sessions started in [from, to)
 * - voice-to-voice: every turn's `voice_to_voice_ms` (messages.timings) of those calls; average
 *   and p90 (nearest rank: the ⌈0.9·n⌉-th smallest)
 * - stageBreakdown: average of each per-stage timing (stt, retrieval, first token, brain, first audio)
 * - ragUsage: calls with at least one turn that used knowledge
 * - autonomous: calls whose resolution is "autonomous"; escalations: calls with an escalation
 *   row or resolution "escalated"
 * - messages: outbox rows of the site created in the window, by channel: requested (all),
 *   sent (sent or delivered), delivered, stored in the dev outbox (not sent), failed
 * - callbacksDue: callbacks not yet done (scheduled, calling, queued for an agent) due before `to`
 * - satisfaction: per call, the visitor's own 1–5 rating when given, otherwise a prediction from
 *   the last sentiment of the call (SATISFACTION_BY_SENTIMENT); averaged over calls with either
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { MESSAGING_ACTIONS } from "@parley/protocol";
import { callbacks, escalations, messages, outbox, sessions } from "../db/schema";
import type { Db } from "../db/store";
import { startedInRange } from "./call-cards";
import { DAY_MS, HOUR_MS, type TimeRange } from "./range";

export const SATISFACTION_BY_SENTIMENT: Record<string, number> = {
  angry: 1,
  negative: 2,
  neutral: 3.5,
  positive: 4.5,
};

export const STAGE_KEYS = [
  "stt_ms",
  "retrieval_ms",
  "brain_first_token_ms",
  "brain_ms",
  "tts_first_audio_ms",
] as const;
const PENDING_CALLBACK = ["scheduled", "calling", "queued_for_agent"];

export interface Ratio {
  count: number;
  total: number;
  percent: number | null;
}

export interface ChannelCounts {
  /** Every message asked for in the window, whatever its state (queued, sending, …). */
  requested: number;
  sent: number;
  delivered: number;
  devOutbox: number;
  failed: number;
}

export interface MetricsReport {
  from: number;
  to: number;
  bucketMs: number;
  totalCalls: number;
  turns: number;
  avgVoiceToVoiceMs: number | null;
  p90VoiceToVoiceMs: number | null;
  stageBreakdown: Record<(typeof STAGE_KEYS)[number], number | null>;
  ragUsage: Ratio;
  autonomous: Ratio;
  escalations: Ratio;
  /** Per messaging channel of the protocol's registry (sms, email, whatsapp, …). */
  messages: Record<string, ChannelCounts>;
  callbacksDue: number;
  satisfaction: {
    average: number | null;
    predictedAverage: number | null;
    ratingAverage: number | null;
    ratings: number;
    calls: number;
  };
  series: { at: number; calls: number; avgVoiceToVoiceMs: number | null; escalations: number }[];
}

const ratio = (count: number, total: number): Ratio => ({
  count,
  total,
  percent: total > 0 ? (100 * count) / total : null,
});

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

export function nearestRankPercentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

export function bucketFor(range: TimeRange): number {
  const span = range.to - range.from;
  if (span <= 2 * HOUR_MS) return 5 * 60 * 1000;
  if (span <= 2 * DAY_MS) return HOUR_MS;
  return DAY_MS;
}

function timingsOf(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

export async function computeMetrics(
  db: Db,
  siteId: string,
  range: TimeRange,
): Promise<MetricsReport> {
  const calls = await db
    .select({
      id: sessions.id,
      startedAt: sessions.startedAt,
      resolution: sessions.resolution,
      sentimentTrajectory: sessions.sentimentTrajectory,
      rating: sessions.rating,
    })
    .from(sessions)
    .where(startedInRange(siteId, range));
  const ids = calls.map((c) => c.id);
  const startById = new Map(calls.map((c) => [c.id, c.startedAt]));

  const escalated = new Set<string>();
  const usedRag = new Set<string>();
  const turns: { sessionId: string; timings: Record<string, unknown> }[] = [];
  // SQLite caps bound parameters; walk the ids in slices.
  for (let i = 0; i < ids.length; i += 400) {
    const slice = ids.slice(i, i + 400);
    for (const row of await db
      .selectDistinct({ id: escalations.sessionId })
      .from(escalations)
      .where(inArray(escalations.sessionId, slice))) {
      escalated.add(row.id);
    }
    for (const row of await db
      .selectDistinct({ id: messages.sessionId })
      .from(messages)
      .where(and(inArray(messages.sessionId, slice), eq(messages.usedKnowledge, true)))) {
      usedRag.add(row.id);
    }
    const rows = await db
      .select({ sessionId: messages.sessionId, timings: messages.timings })
      .from(messages)
      .where(and(inArray(messages.sessionId, slice), sql`${messages.timings} is not null`));
    for (const row of rows)
      turns.push({ sessionId: row.sessionId, timings: timingsOf(row.timings) });
  }
  for (const c of calls) if (c.resolution === "escalated") escalated.add(c.id);

  const v2v: number[] = [];
  const v2vBySession: { at: number; ms: number }[] = [];
  const stageValues = Object.fromEntries(STAGE_KEYS.map((k) => [k, [] as number[]])) as Record<
    (typeof STAGE_KEYS)[number],
    number[]
  >;
  for (const turn of turns) {
    const ms = num(turn.timings.voice_to_voice_ms);
    if (ms !== undefined) {
      v2v.push(ms);
      v2vBySession.push({ at: startById.get(turn.sessionId) ?? range.from, ms });
    }
    for (const key of STAGE_KEYS) {
      const value = num(turn.timings[key]);
      if (value !== undefined) stageValues[key].push(value);
    }
  }

  const outRows = await db
    .select({ channel: outbox.channel, status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .where(
      and(
        eq(outbox.siteId, siteId),
        gte(outbox.createdAt, range.from),
        lt(outbox.createdAt, range.to),
      ),
    )
    .groupBy(outbox.channel, outbox.status);
  const channel = (name: string): ChannelCounts => {
    const rows = outRows.filter((r) => r.channel === name);
    const sum = (statuses: string[]) =>
      rows.filter((r) => statuses.includes(r.status)).reduce((a, r) => a + Number(r.n), 0);
    return {
      requested: rows.reduce((a, r) => a + Number(r.n), 0),
      sent: sum(["sent", "delivered"]),
      delivered: sum(["delivered"]),
      devOutbox: sum(["dev_outbox"]),
      failed: sum(["failed"]),
    };
  };

  const [due] = await db
    .select({ n: sql<number>`count(*)` })
    .from(callbacks)
    .where(
      and(
        eq(callbacks.siteId, siteId),
        inArray(callbacks.status, PENDING_CALLBACK),
        lt(callbacks.dueAt, range.to),
      ),
    );

  const predicted: number[] = [];
  const ratings: number[] = [];
  const combined: number[] = [];
  for (const c of calls) {
    const last = (c.sentimentTrajectory ?? []).at(-1);
    const p = last !== undefined ? SATISFACTION_BY_SENTIMENT[last] : undefined;
    if (p !== undefined) predicted.push(p);
    if (c.rating != null) ratings.push(c.rating);
    const value = c.rating ?? p;
    if (value !== undefined) combined.push(value);
  }

  const bucketMs = bucketFor(range);
  const series: MetricsReport["series"] = [];
  for (let at = range.from; at < range.to; at += bucketMs) {
    const end = Math.min(range.to, at + bucketMs);
    const within = calls.filter((c) => c.startedAt >= at && c.startedAt < end);
    series.push({
      at,
      calls: within.length,
      escalations: within.filter((c) => escalated.has(c.id)).length,
      avgVoiceToVoiceMs: mean(
        v2vBySession.filter((t) => t.at >= at && t.at < end).map((t) => t.ms),
      ),
    });
  }

  const total = calls.length;
  return {
    from: range.from,
    to: range.to,
    bucketMs,
    totalCalls: total,
    turns: v2v.length,
    avgVoiceToVoiceMs: mean(v2v),
    p90VoiceToVoiceMs: nearestRankPercentile(v2v, 90),
    stageBreakdown: Object.fromEntries(
      STAGE_KEYS.map((k) => [k, mean(stageValues[k])]),
    ) as MetricsReport["stageBreakdown"],
    ragUsage: ratio(usedRag.size, total),
    autonomous: ratio(calls.filter((c) => c.resolution === "autonomous").length, total),
    escalations: ratio(escalated.size, total),
    messages: Object.fromEntries(MESSAGING_ACTIONS.map((a) => [a.channel, channel(a.channel)])),
    callbacksDue: Number(due?.n ?? 0),
    satisfaction: {
      average: mean(combined),
      predictedAverage: mean(predicted),
      ratingAverage: mean(ratings),
      ratings: ratings.length,
      calls: combined.length,
    },
    series,
  };
}
