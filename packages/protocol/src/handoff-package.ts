import { z } from "zod";
import { e164Phone, email, epochMs, label, text } from "./formats";

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
