import { z } from "zod";
import {
  ActionType,
  Intent,
  Lead,
  Locale,
  MaxAnswerWords,
  Order,
  Region,
  Sentiment,
  Slot,
  TimeZone,
  isoDateTimeWithOffset,
  label,
  text,
} from "@parley/protocol";

/** What a story may expect of a turn: a subset of the agent turn, plus a few checks of our own. */
export const TurnExpectation = z.strictObject({
  intent: Intent.optional(),
  /** Each listed entity must equal (null: absent or null). */
  entities: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])).optional(),
  /** Each listed action must be among the turn's actions. */
  actions: z.array(ActionType).optional(),
  needs_clarification: z.boolean().optional(),
  missing_info: z.array(Slot).optional(),
  escalate_to_human: z.boolean().optional(),
  used_knowledge: z.boolean().optional(),
  sentiment: Sentiment.optional(),
  /** Case-insensitive substrings of `immediate_response`. */
  response_contains: z.array(z.string().min(1).max(500)).optional(),
  /** Case-insensitive substrings that must NOT be in `immediate_response`. */
  response_excludes: z.array(z.string().min(1).max(500)).optional(),
  /** Case-insensitive substrings of the follow-up said after the actions. */
  follow_up_contains: z.array(z.string().min(1).max(500)).optional(),
  /** Each listed object must match (by subset) one of the action requests sent to the relay. */
  requests: z.array(z.record(z.string(), z.unknown())).optional(),
  /** No actions and no action requests at all. */
  no_actions: z.literal(true).optional(),
  end_call: z.boolean().optional(),
});
export type TurnExpectation = z.infer<typeof TurnExpectation>;

export const StoryTurn = z.strictObject({
  user: z.string().max(200_000),
  expect: TurnExpectation.optional(),
});

export const StorySite = z.strictObject({
  company: label(),
  defaultRegion: Region,
  timezone: TimeZone,
  /** The fixed "now" of the conversation, ISO 8601 with offset. */
  now: isoDateTimeWithOffset,
  orderIdPattern: z.string().max(200).optional(),
  persona: text(2000).optional(),
  locale: Locale.optional(),
  maxAnswerWords: MaxAnswerWords.optional(),
});

/** An order as a story writes it: `order_id` defaults to its key. */
const StoryOrder = Order.extend({ order_id: Order.shape.order_id.optional() });

export const Story = z.strictObject({
  name: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  site: StorySite,
  lead: Lead.optional(),
  orders: z.record(z.string().max(32), StoryOrder).optional(),
  knowledge: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, {
          message: "must be 1-128 letters, digits or _ . : -",
        }),
        title: label(),
        text: text(20_000),
        documentId: z.string().max(128).optional(),
        attachable: z.boolean().optional(),
      }),
    )
    .max(10_000)
    .optional(),
  /** Start with the proactive greeting. */
  greet: z.boolean().optional(),
  turns: z.array(StoryTurn).min(1, { message: "must have at least one turn" }).max(500),
});
export type Story = z.infer<typeof Story>;
