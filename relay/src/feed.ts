/**
 * The change feed (`live_feed` table): writers append inside their own transaction, readers in
 * any process tail it by id. This is how the dashboard (issue 8) sees what every relay process
 * did, without a message broker: `GET /v1/admin/feed?after=<id>` or `tailFeed()` in-process.
 */
import { and, asc, gt, eq } from "drizzle-orm";
import { liveFeed } from "./db/schema";
import { rawSql } from "./db/raw-sql";
import type { Store, Tx } from "./db/store";

export type FeedTopic =
  | "session.created"
  | "session.updated"
  | "message.created"
  | "action.created"
  | "action.updated"
  | "outbox.updated"
  | "ticket.created"
  | "ticket.updated"
  | "callback.scheduled"
  | "callback.updated"
  | "escalation.created"
  | "escalation.updated"
  | "agent.updated"
  | "lead.updated"
  | "knowledge.published";

export interface FeedEntry {
  id: number;
  siteId: string;
  topic: string;
  entityId: string;
  data: unknown;
  at: number;
}

/** Appends one entry; call inside the transaction that made the change. Data must hold no secrets. */
export async function publish(
  tx: Tx,
  entry: {
    siteId: string;
    topic: FeedTopic;
    entityId: string;
    data: Record<string, unknown>;
    at: number;
  },
): Promise<void> {
  // Plain SQL: every write of the relay appends here (see db/raw-sql.ts).
  await rawSql(tx).run(
    "insert into live_feed (site_id, topic, entity_id, data, at) values (?, ?, ?, ?, ?)",
    [entry.siteId, entry.topic, entry.entityId, JSON.stringify(entry.data), entry.at],
  );
}

/** Entries after `afterId`, oldest first. */
export async function readFeed(
  store: Store,
  options: { afterId: number; siteId?: string; limit?: number },
): Promise<FeedEntry[]> {
  const where = options.siteId
    ? and(gt(liveFeed.id, options.afterId), eq(liveFeed.siteId, options.siteId))
    : gt(liveFeed.id, options.afterId);
  return store.read((db) =>
    db
      .select()
      .from(liveFeed)
      .where(where)
      .orderBy(asc(liveFeed.id))
      .limit(options.limit ?? 500),
  );
}

/**
 * Follows the feed from `afterId`, polling every `intervalMs` (the feed is shared by every
 * process, so polling the database is what makes it multi-process). Stops when `signal` aborts.
 */
export async function* tailFeed(
  store: Store,
  options: { afterId: number; siteId?: string; intervalMs?: number; signal?: AbortSignal },
): AsyncGenerator<FeedEntry> {
  let after = options.afterId;
  while (!options.signal?.aborted) {
    const batch = await readFeed(store, { afterId: after, siteId: options.siteId });
    for (const entry of batch) {
      after = entry.id;
      yield entry;
    }
    if (batch.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs ?? 250);
        options.signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), {
          once: true,
        });
      });
    }
  }
}
