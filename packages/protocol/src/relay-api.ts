import { z } from "zod";
import { ActionType } from "./action-params";
import { BrainMode } from "./brain-mode";
import { Intent, Sentiment, Slot } from "./vocabulary";
import { durationMs, epochMs, id, isoDateTimeWithOffset, text } from "./formats";
import { Lead } from "./site";

/* ───────────────────────── sessions ───────────────────────── */

export const CreateSessionRequest = z.strictObject({
  siteId: id,
  /** A stable, anonymous visitor id the widget keeps in localStorage (for returning visitors). */
  visitorId: id.optional(),
  lead: Lead.optional(),
  /** Which brain the device runs: the dashboard shows it. */
  mode: BrainMode.optional(),
});
export type CreateSessionRequest = z.infer<typeof CreateSessionRequest>;

export const CreateSessionResponse = z.strictObject({
  sessionId: id,
  token: z.string().max(2000),
  /** ISO 8601 instant when the token stops being accepted. */
  expiresAt: isoDateTimeWithOffset,
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponse>;

/* ───────────────────────── call events ───────────────────────── */

/** Where the call is, as the dashboard shows it. */
export const CallStatus = z.enum([
  "active",
  "clarification",
  "background_processing",
  "waiting_for_human",
  "with_agent",
  "ended",
]);
export type CallStatus = z.infer<typeof CallStatus>;

/** The step of the conversation, in the brief's words ("Gathering time info", "Resolution"). */
export const Stage = z.enum([
  "greeting",
  "understanding",
  "clarification",
  "resolution",
  "sending_communications",
  "escalation",
  "closing",
  "ended",
]);
export type Stage = z.infer<typeof Stage>;

/**
 * Per-stage timings of one turn, milliseconds from the end of the visitor's speech
 * (`performance.now()` differences on the device). Stages that did not run are absent.
 */
export const TurnTimings = z.strictObject({
  stt_ms: durationMs.optional(),
  retrieval_ms: durationMs.optional(),
  brain_first_token_ms: durationMs.optional(),
  brain_ms: durationMs.optional(),
  tts_first_audio_ms: durationMs.optional(),
  /** End of speech → first audible word: the number the visitor feels. */
  voice_to_voice_ms: durationMs.optional(),
  turn_ms: durationMs.optional(),
});
export type TurnTimings = z.infer<typeof TurnTimings>;

const eventBase = {
  /** Per-session sequence number: the relay ignores a replayed (seq) it already stored. */
  seq: z.number().int().nonnegative().max(1_000_000),
  /** When it happened on the device, ms since the epoch. */
  at: epochMs,
};

export const CallEvent = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("call_started"),
    ...eventBase,
    mode: BrainMode,
    page: z.string().max(500).optional(),
  }),
  z.strictObject({ type: z.literal("turn_started"), ...eventBase, turnId: id }),
  z.strictObject({
    type: z.literal("turn_ended"),
    ...eventBase,
    turnId: id,
    /** What the visitor said (null for an agent-initiated turn such as the greeting). */
    user_text: text().nullable(),
    agent_text: text(),
    intent: Intent,
    stage: Stage,
    status: CallStatus,
    used_knowledge: z.boolean(),
    retrieved_docs: z.number().int().nonnegative().max(100),
    top_score: z.number().min(-1).max(1).nullable(),
    missing_info: z.array(Slot).max(Slot.options.length),
    sentiment: Sentiment,
    pending_actions: z.array(ActionType).max(ActionType.options.length),
    timings: TurnTimings,
    brain: BrainMode,
  }),
  z.strictObject({
    type: z.literal("agent_said"),
    ...eventBase,
    text: text(),
    reason: z.enum(["greeting", "closing", "follow_up", "handoff"]),
  }),
  z.strictObject({
    type: z.literal("status_changed"),
    ...eventBase,
    status: CallStatus,
    stage: Stage.optional(),
  }),
  z.strictObject({ type: z.literal("lead_updated"), ...eventBase, lead: Lead }),
  z.strictObject({
    type: z.literal("call_ended"),
    ...eventBase,
    reason: z.enum(["completed", "abandoned", "escalated", "error"]),
    rating: z.number().int().min(1).max(5).optional(),
  }),
  z.strictObject({
    type: z.literal("rating"),
    ...eventBase,
    rating: z.number().int().min(1).max(5),
  }),
]);
export type CallEvent = z.infer<typeof CallEvent>;

/** `POST /v1/sessions/:id/events` body; also what `navigator.sendBeacon` sends on page hide. */
export const EventBatch = z.strictObject({
  /** Required for sendBeacon, which cannot set an Authorization header. */
  token: z.string().max(2000).optional(),
  events: z.array(CallEvent).min(1).max(100),
});
export type EventBatch = z.infer<typeof EventBatch>;

/** A typed error that says whether trying again can help (`retryable`). */
export const ApiError = z.strictObject({
  error: z.strictObject({
    code: z.string().max(64),
    message: text(1000),
    retryable: z.boolean(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
