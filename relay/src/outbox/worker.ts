/**
 * The outbox worker. Any number of relay processes may run one against the same database:
 *
 * 1. claim — in one BEGIN IMMEDIATE transaction, pick due rows (`queued` and due, or `sending`
 *    whose lease expired because its process died) and mark them `sending` with this worker's
 *    id and a lease. SQLite lets one writer in at a time, so no row is claimed twice.
 * 2. send — outside any transaction, through the provider. A row whose earlier claim expired
 *    first asks the provider whether that earlier attempt already went out (Twilio: list by
 *    recipient and body; Resend: the idempotency key makes a resend return the first email).
 * 3. record — mark it sent (provider id), or back to `queued` with backoff for a transient
 *    failure, or `failed` for a permanent one; only if the lease is still ours.
 *
 * Killed between 2 and 3, the row stays `sending` until its lease expires, and step 2's check
 * keeps the restarted worker from sending it again.
 */
import { and, eq, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { MESSAGE_CHANNELS, backoffDelay, type SiteConfig } from "@parley/protocol";
import { refreshActionStatus } from "../actions/action-status";
import { updateLead } from "../actions/leads";
import type { RelayContext } from "../context";
import { callbacks, outbox } from "../db/schema";
import { assignments, rawSql } from "../db/raw-sql";
import type { Tx } from "../db/store";
import { publish } from "../feed";
import { newId } from "../ids";
import { maskRecipient } from "../privacy";
import {
  ProviderError,
  providerFor,
  type MessageProvider,
  type OutboxChannel,
  type SendResult,
} from "../providers/provider";
import { pruneCounters } from "../rate-limit";
import { composeMessage, renderEmail, senderFor, type OutboxRow } from "./compose";

export interface WorkerOptions {
  workerId?: string;
  /** How long a claim holds before another worker may take the row over, ms. Must exceed a send's timeout. */
  leaseMs?: number;
  /** Sleep when nothing is due, ms. */
  pollMs?: number;
  /** Rows claimed in one transaction. */
  batchSize?: number;
  /** Rows being sent at once (several claimed batches in flight). */
  maxInFlight?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export const WORKER_DEFAULTS = {
  leaseMs: 60_000,
  pollMs: 250,
  batchSize: 16,
  maxInFlight: 64,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
} as const;

type Route =
  | { kind: "provider"; provider: MessageProvider; from: string }
  | { kind: "dev" }
  | { kind: "agent_queue" };

function routeFor(ctx: RelayContext, site: SiteConfig, channel: OutboxChannel): Route {
  const from = senderFor(site, channel);
  const provider = providerFor(ctx.providers, channel);
  if (provider && from !== undefined) return { kind: "provider", provider, from };
  // E.g. no voice number: the call is for a human agent to place (it shows in their queue).
  if (MESSAGE_CHANNELS[channel].withoutProvider === "agent_queue") return { kind: "agent_queue" };
  return { kind: "dev" };
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Claims and processes one batch; resolves with how many rows it handled. */
  runOnce(): Promise<number>;
  /** Runs until `stop()`. */
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxWorker(ctx: RelayContext, options: WorkerOptions = {}): OutboxWorker {
  const o = { ...WORKER_DEFAULTS, ...options };
  const workerId = options.workerId ?? newId("wrk");
  const log = ctx.log.child({ worker: workerId });
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let lastPrune = 0;

  /** Rows this worker is sending right now (their lease may run out while we still send them). */
  const sendingHere = new Set<string>();

  async function claim(limit = o.batchSize): Promise<{ row: OutboxRow; recovering: boolean }[]> {
    const now = ctx.now();
    return ctx.store.write(async (tx) => {
      const dueQueued = and(eq(outbox.status, "queued"), lte(outbox.nextAttemptAt, now));
      const leaseExpired = and(
        eq(outbox.status, "sending"),
        isNotNull(outbox.claimExpiresAt),
        lte(outbox.claimExpiresAt, now),
      );
      // Two queries rather than one `a OR b ORDER BY`: the OR form made SQLite read every due row
      // and sort them all (the whole backlog under load) while this transaction held the write
      // lock. The queued query walks the outbox_due index in order and stops at `limit`; rows in
      // `sending` are only the ones in flight.
      // Plain SQL (db/raw-sql.ts), only what picking needs; the update below returns the rows.
      type Candidate = { id: string; status: string; nextAttemptAt: number };
      const plain = rawSql(tx);
      const queued = (await plain.all(
        `select id, status, next_attempt_at as nextAttemptAt from outbox
         where status = 'queued' and next_attempt_at <= ? order by next_attempt_at, id limit ?`,
        [now, limit],
      )) as Candidate[];
      // Never take over a row this worker is still sending: that would send it a second time.
      const expired = (
        (await plain.all(
          `select id, status, next_attempt_at as nextAttemptAt from outbox
           where status = 'sending' and claim_expires_at is not null and claim_expires_at <= ? limit ?`,
          [now, limit + sendingHere.size],
        )) as Candidate[]
      ).filter((row) => !sendingHere.has(row.id));
      const candidates = [...expired, ...queued]
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit);
      if (candidates.length === 0) return [];
      const claimed = await tx
        .update(outbox)
        .set({
          status: "sending",
          claimedBy: workerId,
          claimedAt: now,
          claimExpiresAt: now + o.leaseMs,
          attempts: sql`${outbox.attempts} + 1`,
          updatedAt: now,
        })
        .where(
          and(
            inArray(
              outbox.id,
              candidates.map((c) => c.id),
            ),
            or(dueQueued, leaseExpired),
          ),
        )
        .returning();
      const wasSending = new Set(candidates.filter((c) => c.status === "sending").map((c) => c.id));
      return claimed.map((row) => ({ row, recovering: wasSending.has(row.id) }));
    });
  }

  /** Applies `set` only while the claim is still ours; false means another worker took over. */
  async function finish(
    row: OutboxRow,
    set: Partial<OutboxRow>,
    after?: (tx: Tx, now: number) => Promise<void>,
  ): Promise<boolean> {
    const now = ctx.now();
    return ctx.store.write(async (tx) => {
      // Plain SQL (db/raw-sql.ts): one of these per message sent.
      // claimedBy stays as a record of which worker handled the row last; the lease ends.
      const change = assignments(outbox, { ...set, claimExpiresAt: null, updatedAt: now });
      const updated = await rawSql(tx).all(
        `update outbox set ${change.text} where id = ? and claimed_by = ? and status = 'sending' returning id`,
        [...change.args, row.id, workerId],
      );
      if (updated.length === 0) return false;
      if (row.actionId) await refreshActionStatus(tx, row.actionId, now);
      if (after) await after(tx, now);
      await publish(tx, {
        siteId: row.siteId,
        topic: "outbox.updated",
        entityId: row.id,
        data: {
          channel: row.channel,
          status: set.status ?? "sending",
          actionId: row.actionId,
          provider: set.provider ?? null,
        },
        at: now,
      });
      return true;
    });
  }

  async function afterSent(
    tx: Tx,
    row: OutboxRow,
    now: number,
    providerId: string | null,
    handedToAgent: boolean,
  ) {
    if (row.channel === "voice" && row.callbackId) {
      const status = handedToAgent ? "queued_for_agent" : "calling";
      await tx
        .update(callbacks)
        .set({ status, providerId, updatedAt: now })
        .where(eq(callbacks.id, row.callbackId));
      await publish(tx, {
        siteId: row.siteId,
        topic: "callback.updated",
        entityId: row.callbackId,
        data: { status },
        at: now,
      });
      const [cb] = await tx
        .select({ leadId: callbacks.leadId })
        .from(callbacks)
        .where(eq(callbacks.id, row.callbackId))
        .limit(1);
      if (cb?.leadId && !handedToAgent)
        await updateLead(tx, cb.leadId, { lastContactedAt: now, pendingAction: null }, now);
    }
  }

  async function previousSends(row: OutboxRow): Promise<Set<string>> {
    const rows = await ctx.store.read((db) =>
      db
        .select({ providerId: outbox.providerId })
        .from(outbox)
        .where(
          and(
            eq(outbox.recipient, row.recipient),
            eq(outbox.channel, row.channel),
            isNotNull(outbox.providerId),
          ),
        ),
    );
    return new Set(rows.map((r) => r.providerId!));
  }

  async function process({
    row,
    recovering,
  }: {
    row: OutboxRow;
    recovering: boolean;
  }): Promise<void> {
    const site = ctx.sites.get(row.siteId);
    const who = {
      outbox: row.id,
      channel: row.channel,
      to: maskRecipient(row.recipient),
      attempt: row.attempts,
    };
    if (!site) {
      await finish(row, {
        status: "failed",
        lastError: `site ${row.siteId} is no longer configured`,
      });
      return;
    }
    const route = routeFor(ctx, site, row.channel as OutboxChannel);
    try {
      if (row.channel === "email" && row.body === null) {
        const email = await renderEmail(ctx, site, row);
        await ctx.store.write((tx) =>
          tx
            .update(outbox)
            .set({ body: email.html, textBody: email.text })
            .where(eq(outbox.id, row.id)),
        );
        row = { ...row, body: email.html, textBody: email.text };
      }
      if (route.kind === "dev") {
        await finish(row, { status: "dev_outbox", provider: "dev", sentAt: ctx.now() });
        ctx.metrics.sends.inc({ channel: row.channel, provider: "dev", outcome: "dev_outbox" });
        log.info("kept in dev outbox (not sent: no provider configured)", who);
        return;
      }
      if (route.kind === "agent_queue") {
        await finish(
          row,
          { status: "handed_to_agent", provider: "agent_queue", sentAt: ctx.now() },
          (tx, now) => afterSent(tx, row, now, null, true),
        );
        ctx.metrics.sends.inc({
          channel: row.channel,
          provider: "agent_queue",
          outcome: "handed_to_agent",
        });
        log.info("callback due: queued for an agent (no voice number)", who);
        return;
      }
      const message = await composeMessage(ctx, site, row, route.from);
      let result: SendResult | null = null;
      if (recovering && route.provider.findPrevious) {
        result = await route.provider.findPrevious(
          message,
          row.claimedAt ?? row.createdAt,
          await previousSends(row),
        );
        if (result)
          log.warn(
            "earlier attempt had been sent before a crash; recording it, not resending",
            who,
          );
      }
      result ??= await route.provider.send(message);
      const sent = result;
      const kept = await finish(
        row,
        {
          status: "sent",
          provider: route.provider.name,
          providerId: sent.providerId,
          providerStatus: sent.providerStatus ?? null,
          sentAt: ctx.now(),
          lastError: null,
        },
        (tx, now) => afterSent(tx, row, now, sent.providerId, false),
      );
      ctx.metrics.sends.inc({
        channel: row.channel,
        provider: route.provider.name,
        outcome: "sent",
      });
      if (!kept) log.warn("sent, but the claim had expired and another worker owns the row", who);
      else log.info("sent", { ...who, provider: route.provider.name });
    } catch (error) {
      const providerName = route.kind === "provider" ? route.provider.name : route.kind;
      const retryable = error instanceof ProviderError ? error.retryable : true;
      const message = (error as Error).message ?? String(error);
      if (retryable && row.attempts < row.maxAttempts) {
        // The first retry (after attempt 1) waits up to the base delay.
        const delay = backoffDelay(Math.max(0, row.attempts - 1), {
          baseMs: o.backoffBaseMs,
          maxMs: o.backoffMaxMs,
        });
        await finish(row, {
          status: "queued",
          nextAttemptAt: ctx.now() + delay,
          lastError: message.slice(0, 500),
        });
        ctx.metrics.sends.inc({ channel: row.channel, provider: providerName, outcome: "retry" });
        log.warn("send failed, will retry", { ...who, error: message, retryInMs: delay });
      } else {
        await finish(
          row,
          { status: "failed", lastError: message.slice(0, 500) },
          async (tx, now) => {
            if (row.channel === "voice" && row.callbackId) {
              await tx
                .update(callbacks)
                .set({ status: "failed", updatedAt: now })
                .where(eq(callbacks.id, row.callbackId));
            }
          },
        );
        ctx.metrics.sends.inc({ channel: row.channel, provider: providerName, outcome: "failed" });
        log.error("send failed permanently", { ...who, error: message });
      }
    }
  }

  async function prune(): Promise<void> {
    const now = ctx.now();
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      await ctx.store.write((tx) => pruneCounters(tx, now));
    }
  }

  async function runOnce(): Promise<number> {
    await prune();
    const batch = await claim();
    await Promise.all(batch.map(process));
    return batch.length;
  }

  /**
   * Pipelined: claims the next batch while earlier sends are still waiting on the provider, up to
   * `maxInFlight` rows, instead of one batch per provider round trip (which capped throughput at
   * batchSize per ~provider latency and let the outbox fall behind under load).
   */
  async function run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (running) {
      let claimed = 0;
      let asked = 0;
      try {
        await prune();
        const room = o.maxInFlight - inFlight.size;
        if (room > 0) {
          asked = Math.min(o.batchSize, room);
          const batch = await claim(asked);
          claimed = batch.length;
          for (const item of batch) {
            sendingHere.add(item.row.id);
            const job: Promise<void> = process(item)
              .catch((error) =>
                log.error("outbox send failed unexpectedly", { error: (error as Error).message }),
              )
              .finally(() => {
                sendingHere.delete(item.row.id);
                inFlight.delete(job);
              });
            inFlight.add(job);
          }
        }
      } catch (error) {
        log.error("outbox worker pass failed", { error: (error as Error).message });
      }
      if (!running) break;
      // A full batch: there may be more due right now.
      if (claimed > 0 && claimed === asked && inFlight.size < o.maxInFlight) continue;
      // Nothing more due, or all slots busy: sleep until the poll interval, a send finishing, or stop().
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.pollMs);
        wake = () => (clearTimeout(timer), resolve());
        if (inFlight.size > 0) void Promise.race(inFlight).then(() => wake?.());
      });
      wake = null;
    }
    await Promise.all(inFlight);
  }

  return {
    workerId,
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
