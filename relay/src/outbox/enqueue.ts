/**
 * Adds a row to the outbox inside the caller's transaction, after the per-destination and daily
 * site caps (both counted in the database, so they hold across relay processes).
 */
import type { Limits } from "../config/limits";
import { outbox } from "../db/schema";
import type { Tx } from "../db/store";
import { newId } from "../ids";
import { pseudonym } from "../privacy";
import { DAY, consume } from "../rate-limit";
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

export async function enqueue(
  tx: Tx,
  env: { siteId: string; actionId: string | null; now: number; limits: Limits; secret: string },
  draft: OutboxDraft,
): Promise<string> {
  const destination = pseudonym(env.secret, draft.recipient, "dest");
  await consume(
    tx,
    {
      key: `dest:${destination}`,
      limit: env.limits.messagesPerDestinationPerDay,
      windowMs: DAY,
      what: "messages to this destination today",
    },
    env.now,
  );
  await consume(
    tx,
    {
      key: `site:${env.siteId}:messages`,
      limit: env.limits.messagesPerSitePerDay,
      windowMs: DAY,
      what: "messages from this site today",
    },
    env.now,
  );
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
