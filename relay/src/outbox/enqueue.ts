/**
 * Adds a row to the outbox inside the caller's transaction. Its per-destination and daily site
 * caps are counted in the database (so they hold across relay processes) by the caller.
 */
import type { Limits } from "../config/limits";
import { outbox } from "../db/schema";
import type { Tx } from "../db/store";
import { newId } from "../ids";
import { pseudonym } from "../privacy";
import { DAY, type RateRule } from "../rate-limit";
import type { OutboxChannel } from "../providers/provider";

export interface OutboxDraft {
  channel: OutboxChannel;
  template: string;
  recipient: string;
  subject?: string;
  /** Fixed now for SMS/WhatsApp/voice; emails are rendered by the worker before the first send. */
  body?: string;
  payload: Record<string, unknown>;
  /** Not before (scheduled callbacks). */
  dueAt?: number;
  callbackId?: string;
  /** Whether the row counts toward its action's status (a callback's later call does not). */
  partOfAction?: boolean;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/** The per-destination and site-wide daily caps a message counts against. */
export function messageLimits(
  env: { siteId: string; limits: Limits; secret: string },
  draft: OutboxDraft,
): RateRule[] {
  const destination = pseudonym(env.secret, draft.recipient, "dest");
  return [
    {
      key: `dest:${destination}`,
      limit: env.limits.messagesPerDestinationPerDay,
      windowMs: DAY,
      what: "messages to this destination today",
    },
    {
      key: `site:${env.siteId}:messages`,
      limit: env.limits.messagesPerSitePerDay,
      windowMs: DAY,
      what: "messages from this site today",
    },
  ];
}

/** Inserts the row; the caller has already counted `messageLimits` in the same transaction. */
export async function enqueue(
  tx: Tx,
  env: { siteId: string; actionId: string | null; now: number },
  draft: OutboxDraft,
): Promise<string> {
  const id = newId("msg");
  await tx.insert(outbox).values({
    id,
    siteId: env.siteId,
    actionId: draft.partOfAction === false ? null : env.actionId,
    callbackId: draft.callbackId ?? null,
    channel: draft.channel,
    template: draft.template,
    recipient: draft.recipient,
    subject: draft.subject ?? null,
    body: draft.body ?? null,
    payload: draft.payload,
    status: "queued",
    attempts: 0,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    nextAttemptAt: draft.dueAt ?? env.now,
    createdAt: env.now,
    updatedAt: env.now,
  });
  return id;
}
