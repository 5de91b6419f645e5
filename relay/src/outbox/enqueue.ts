/**
 * Adds a row to the outbox inside the caller's transaction. Its per-destination and daily site
 * caps are counted in the database (so they hold across relay processes) by the caller.
 */
import type { Limits } from "../config/limits";
import { rawSql } from "../db/raw-sql";
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
  // Plain SQL on the hot path (db/raw-sql.ts); the columns are those of `outbox` in db/schema.ts.
  await rawSql(tx).run(
    `insert into outbox (id, site_id, action_id, callback_id, channel, template, recipient, subject,
       body, payload, status, attempts, max_attempts, next_attempt_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)`,
    [
      id,
      env.siteId,
      draft.partOfAction === false ? null : env.actionId,
      draft.callbackId ?? null,
      draft.channel,
      draft.template,
      draft.recipient,
      draft.subject ?? null,
      draft.body ?? null,
      JSON.stringify(draft.payload),
      DEFAULT_MAX_ATTEMPTS,
      draft.dueAt ?? env.now,
      env.now,
      env.now,
    ],
  );
  return id;
}
