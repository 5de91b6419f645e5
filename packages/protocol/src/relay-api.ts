import { z } from "zod";
import { ActionType, Intent, IssueType, Sentiment, Slot, Urgency } from "./agent-turn";
import {
  durationMs,
  e164Phone,
  email,
  epochMs,
  id,
  isoDateTimeWithOffset,
  label,
  orderId,
  text,
} from "./formats";
import { AgentExpertise, Lead } from "./site";

/* ───────────────────────── sessions ───────────────────────── */

export const CreateSessionRequest = z.strictObject({
  siteId: id,
  /** A stable, anonymous visitor id the widget keeps in localStorage (for returning visitors). */
  visitorId: id.optional(),
  lead: Lead.optional(),
  /** Which brain the device runs: the dashboard shows it. */
  mode: z.enum(["webllm", "lite"]).optional(),
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
    mode: z.enum(["webllm", "lite"]),
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
    brain: z.enum(["webllm", "lite"]),
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

/* ───────────────────────── handoff ───────────────────────── */

export const ConversationEntry = z.strictObject({
  speaker: z.enum(["visitor", "agent", "human_agent", "system"]),
  text: text(),
  at: epochMs.optional(),
});
export type ConversationEntry = z.infer<typeof ConversationEntry>;

/** What a human agent receives on escalation (the brief's "handoff package"). */
export const HandoffPackage = z.strictObject({
  customer: label(),
  conversation_history: z.array(ConversationEntry).max(200),
  query: text(1000),
  customer_data: z.strictObject({
    name: label().nullish(),
    company: label().nullish(),
    phone: e164Phone.nullish(),
    email: email.nullish(),
  }),
  ai_attempted: z.boolean(),
  reason: text(500),
});
export type HandoffPackage = z.infer<typeof HandoffPackage>;

/* ───────────────────────── actions ───────────────────────── */

/** Messages come only from templates: the browser picks a template, never writes a body. */
export const SmsTemplate = z.enum(["callback_confirmation", "order_tracking", "document_link"]);
export const EmailTemplate = z.enum(["document", "order_update"]);
export const WhatsAppTemplate = z.enum(["catalog", "document"]);
export const TicketPriority = z.enum(["low", "medium", "high", "urgent"]);
export const TicketStatus = z.enum(["open", "in_progress", "resolved", "closed"]);
export const TicketNumber = z
  .string()
  .regex(/^#?\d{1,10}$/, { message: "must be a ticket number like #12345" });

const idempotencyKey = z
  .string()
  .min(8, { message: "must be at least 8 characters" })
  .max(128, { message: "must be at most 128 characters" })
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: "may contain only letters, digits and _ . : -" });

const action = <T extends string, P extends z.ZodType>(type: T, params: P) =>
  z.strictObject({ type: z.literal(type), idempotencyKey, params });

export const ActionRequest = z.discriminatedUnion("type", [
  action(
    "send_sms",
    z.strictObject({
      to: e164Phone,
      template: SmsTemplate,
      orderId: orderId.optional(),
      callbackTime: isoDateTimeWithOffset.optional(),
      documentId: id.optional(),
    }),
  ),
  action(
    "send_email",
    z.strictObject({
      to: email,
      template: EmailTemplate,
      documentId: id.optional(),
      orderId: orderId.optional(),
    }),
  ),
  action(
    "send_whatsapp",
    z.strictObject({ to: e164Phone, template: WhatsAppTemplate, documentId: id.optional() }),
  ),
  action(
    "schedule_callback",
    z.strictObject({ phone: e164Phone, time: isoDateTimeWithOffset, reason: text(500).optional() }),
  ),
  action(
    "create_ticket",
    z.strictObject({
      issue_type: IssueType,
      priority: TicketPriority,
      summary: text(1000),
      orderId: orderId.optional(),
      status: TicketStatus.optional(),
      resolution: text(1000).optional(),
    }),
  ),
  action(
    "update_ticket",
    z.strictObject({
      ticket: TicketNumber,
      status: TicketStatus.optional(),
      resolution: text(1000).optional(),
    }),
  ),
  action(
    "escalate",
    z.strictObject({
      category: AgentExpertise,
      urgency: Urgency.optional(),
      handoff: HandoffPackage,
    }),
  ),
]);
export type ActionRequest = z.infer<typeof ActionRequest>;
export type ActionRequestType = ActionRequest["type"];

export const ActionState = z.enum(["queued", "sending", "sent", "delivered", "done", "failed"]);
export type ActionState = z.infer<typeof ActionState>;

export const ActionAccepted = z.strictObject({
  actionId: id,
  status: ActionState,
  /** True when this idempotency key was seen before: nothing new was done. */
  duplicate: z.boolean(),
});
export type ActionAccepted = z.infer<typeof ActionAccepted>;

/** A typed error that says whether trying again can help (`retryable`). */
export const ApiError = z.strictObject({
  error: z.strictObject({
    code: z.string().max(64),
    message: text(1000),
    retryable: z.boolean(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const ActionResult = z.strictObject({
  actionId: id,
  type: z.enum(
    ActionRequest.options.map((o) => o.shape.type.value) as [
      ActionRequestType,
      ...ActionRequestType[],
    ],
  ),
  status: ActionState,
  /** E.g. `{ ticketNumber: "#12345" }`, `{ callbackId, time }`, `{ agent: "John" }`. */
  result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  error: ApiError.shape.error.optional(),
});
export type ActionResult = z.infer<typeof ActionResult>;
