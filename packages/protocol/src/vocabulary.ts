import { z } from "zod";

/**
 * The closed vocabularies every boundary shares: what a visitor wants, how they feel, which
 * channel they prefer, which details they ask for, and the slots an action may still need.
 */

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
