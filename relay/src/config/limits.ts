import { z } from "zod";

/**
 * Abuse limits. Counters live in the database (rate_counters) so they hold across every relay
 * process; they count accepted work only (a rejected request changes nothing, not even a counter).
 */
export const Limits = z.strictObject({
  /** Sessions one IP may open per hour. */
  sessionsPerIpPerHour: z.number().int().positive().default(30),
  /** Actions one session may request in its lifetime. */
  actionsPerSession: z.number().int().positive().default(30),
  /** Actions from one IP per minute, across sessions. */
  actionsPerIpPerMinute: z.number().int().positive().default(60),
  /** Messages (SMS, WhatsApp, email, calls) to one destination per day. */
  messagesPerDestinationPerDay: z.number().int().positive().default(5),
  /** Messages one site may send per day (a daily cap on spend). */
  messagesPerSitePerDay: z.number().int().positive().default(2000),
  /** Event batches one session may post per minute. */
  eventBatchesPerSessionPerMinute: z.number().int().positive().default(120),
  /** Order lookups per session per minute. */
  orderLookupsPerSessionPerMinute: z.number().int().positive().default(20),
});
export type Limits = z.infer<typeof Limits>;
