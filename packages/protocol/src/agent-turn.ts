import { z } from "zod";
import { ActionType } from "./action-params";
import { e164Phone, email, isoDateTimeWithOffset, label, orderId, text } from "./formats";
import {
  Channel,
  DetailsType,
  Intent,
  IssueType,
  ResolutionStatus,
  Sentiment,
  Slot,
  Urgency,
} from "./vocabulary";

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
