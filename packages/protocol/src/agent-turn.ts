import { z } from "zod";
import { e164Phone, email, isoDateTimeWithOffset, label, orderId, text } from "./formats";

/** What the visitor wants this turn. Closed: a brain cannot invent a new intent. */
export const Intent = z.enum([
  "policy_query",
  "product_query",
  "send_details_email",
  "send_details_whatsapp",
  "send_details_sms",
  "callback_request",
  "complaint",
  "order_status",
  "escalation_request",
  "greeting",
  "goodbye",
  "other",
]);
export type Intent = z.infer<typeof Intent>;

/** What the dialogue core may ask the relay (or a read tool) to do. */
export const ActionType = z.enum([
  "send_email",
  "send_sms",
  "send_whatsapp",
  "schedule_callback",
  "create_ticket",
  "update_ticket",
  "lookup_order",
  "fetch_document",
  "escalate_to_human",
]);
export type ActionType = z.infer<typeof ActionType>;

export const Sentiment = z.enum(["angry", "negative", "neutral", "positive"]);
export type Sentiment = z.infer<typeof Sentiment>;

export const Channel = z.enum(["email", "sms", "whatsapp", "call"]);
export type Channel = z.infer<typeof Channel>;

/** Which document or details the visitor asked to receive. */
export const DetailsType = z.enum([
  "policy",
  "product_catalog",
  "order_details",
  "tracking",
  "warranty",
  "shipping",
  "other",
]);
export type DetailsType = z.infer<typeof DetailsType>;

export const IssueType = z.enum([
  "delivery_delay",
  "damaged_item",
  "wrong_item",
  "refund",
  "billing",
  "technical",
  "account",
  "other",
]);
export type IssueType = z.infer<typeof IssueType>;

export const Urgency = z.enum(["low", "medium", "high"]);
export type Urgency = z.infer<typeof Urgency>;

export const ResolutionStatus = z.enum(["resolved", "pending", "unresolved"]);

/** Information an action may still need from the visitor (slot names). */
export const Slot = z.enum([
  "email",
  "phone",
  "whatsapp_number",
  "callback_time",
  "order_id",
  "name",
  "issue_type",
  "details_type",
]);
export type Slot = z.infer<typeof Slot>;

/**
 * Entities, in their validated form. Every field is optional; `null` means "asked about but not
 * known yet" (the brief writes `"callback_time": null`). Unknown keys are rejected.
 */
export const Entities = z.strictObject({
  channel: Channel.nullish(),
  details_type: DetailsType.nullish(),
  email: email.nullish(),
  phone: e164Phone.nullish(),
  whatsapp_number: e164Phone.nullish(),
  callback_time: isoDateTimeWithOffset.nullish(),
  /** The visitor's own words for the time ("tomorrow"), kept for confirmations. */
  callback_date: label().nullish(),
  order_id: orderId.nullish(),
  issue_type: IssueType.nullish(),
  urgency: Urgency.nullish(),
  product: label().nullish(),
  product_feature: label().nullish(),
  name: label().nullish(),
  company: label().nullish(),
  requires_human: z.boolean().nullish(),
  resolution_status: ResolutionStatus.nullish(),
});
export type Entities = z.infer<typeof Entities>;
export type EntityName = keyof Entities;

/**
 * The agent turn: one per visitor utterance, from any brain. `immediate_response` comes first
 * so a streaming reader can start speech while the rest of the JSON is still being generated.
 */
export const AgentTurn = z.strictObject({
  immediate_response: text(2000),
  intent: Intent,
  entities: Entities,
  needs_clarification: z.boolean(),
  clarification_question: text(500).nullable(),
  missing_info: z.array(Slot).max(Slot.options.length),
  actions: z.array(ActionType).max(ActionType.options.length),
  used_knowledge: z.boolean(),
  escalate_to_human: z.boolean(),
  sentiment: Sentiment,
});
export type AgentTurn = z.infer<typeof AgentTurn>;

/** Field order of the agent turn; `immediate_response` is first on purpose. */
export const AGENT_TURN_FIELDS = Object.keys(AgentTurn.shape) as (keyof AgentTurn)[];
