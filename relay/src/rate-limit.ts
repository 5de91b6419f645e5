/**
 * Fixed-window counters in the database, incremented inside the transaction that accepts the
 * work. Over the limit → a 429 is thrown, which rolls the whole transaction back: the counter
 * too, so rejected requests never count and never change the database.
 */
import { sql } from "drizzle-orm";
import { rawSql } from "./db/raw-sql";
import { rateCounters } from "./db/schema";
import type { Tx } from "./db/store";
import { tooManyRequests } from "./http/errors";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface RateRule {
  /** e.g. "ip:<hash>:actions" (never a clear phone number or IP). */
  key: string;
  limit: number;
  windowMs: number;
  /** Human words for the message: "actions from this address per minute". */
  what: string;
}

export async function consume(tx: Tx, rule: RateRule, now: number, amount = 1): Promise<number> {
  const windowStart = now - (now % rule.windowMs);
  const [row] = await tx
    .insert(rateCounters)
    .values({ key: rule.key, windowStart, count: amount, expiresAt: windowStart + rule.windowMs })
    .onConflictDoUpdate({
      target: [rateCounters.key, rateCounters.windowStart],
      set: { count: sql`${rateCounters.count} + ${amount}` },
    })
    .returning({ count: rateCounters.count });
  const count = row?.count ?? amount;
  if (count > rule.limit) {
    const retryAfter = (windowStart + rule.windowMs - now) / 1000;
    throw tooManyRequests(
      `too many ${rule.what} (limit ${rule.limit}); try again later`,
      retryAfter,
    );
  }
  return count;
}

/**
 * Several limits in one statement (one round trip on a remote database): rules with the same key
 * are merged; the first rule over its limit throws.
 */
export async function consumeAll(
  tx: Tx,
  rules: (RateRule & { amount?: number })[],
  now: number,
): Promise<void> {
  const merged = new Map<string, RateRule & { amount: number; windowStart: number }>();
  for (const rule of rules) {
    const windowStart = now - (now % rule.windowMs);
    const id = `${rule.key}@${windowStart}`;
    const seen = merged.get(id);
    if (seen) seen.amount += rule.amount ?? 1;
    else merged.set(id, { ...rule, amount: rule.amount ?? 1, windowStart });
  }
  const list = [...merged.values()];
  if (list.length === 0) return;
  // Plain SQL (db/raw-sql.ts): every action counts against several limits in this one statement.
  const rows = (await rawSql(tx).all(
    `insert into rate_counters (key, window_start, count, expires_at)
     values ${list.map(() => "(?, ?, ?, ?)").join(", ")}
     on conflict (key, window_start) do update set count = rate_counters.count + excluded.count
     returning key, window_start as windowStart, count`,
    list.flatMap((r) => [r.key, r.windowStart, r.amount, r.windowStart + r.windowMs]),
  )) as { key: string; windowStart: number; count: number }[];
  for (const row of rows) {
    const rule = merged.get(`${row.key}@${row.windowStart}`);
    if (rule && row.count > rule.limit) {
      throw tooManyRequests(
        `too many ${rule.what} (limit ${rule.limit}); try again later`,
        (row.windowStart + rule.windowMs - now) / 1000,
      );
    }
  }
}

/** Deletes expired windows (the worker calls it now and then). */
export async function pruneCounters(tx: Tx, now: number): Promise<void> {
  await tx.delete(rateCounters).where(sql`${rateCounters.expiresAt} < ${now}`);
}
