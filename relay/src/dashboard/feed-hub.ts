/**
 * One poller per relay process that tails the shared database — the relay's `live_feed` and the
 * dashboard's `handoff_messages` — and fans each new batch out to every open stream (dashboard
 * SSE, agent console SSE, visitor long-polls). Because it reads the database, it sees writes by
 * every relay process sharing it; it polls only while someone listens.
 */
import { asc, gt, max } from "drizzle-orm";
import { liveFeed } from "../db/schema";
import type { FeedEntry } from "../feed";
import { handoffMessages } from "../db/schema-dashboard";
import type { Store } from "../db/store";
import type { Logger } from "../log";

export type HandoffRow = typeof handoffMessages.$inferSelect;

export interface HubBatch {
  feed: FeedEntry[];
  handoff: HandoffRow[];
}

export type HubListener = (batch: HubBatch) => void;

export interface FeedHub {
  /** Starts polling if needed; resolves once the hub's cursors are set (nothing older arrives). */
  subscribe(listener: HubListener): Promise<() => void>;
  /** Poll now (after a write in this process) instead of waiting for the next tick. */
  wake(): void;
  close(): void;
}

export function createFeedHub(store: Store, log: Logger, pollMs: number): FeedHub {
  const listeners = new Set<HubListener>();
  let cursors: Promise<{ feed: number; handoff: number }> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let again = false;
  let closed = false;

  const readCursors = () =>
    store.read(async (db) => {
      const [f] = await db.select({ v: max(liveFeed.id) }).from(liveFeed);
      const [h] = await db.select({ v: max(handoffMessages.id) }).from(handoffMessages);
      return { feed: f?.v ?? 0, handoff: h?.v ?? 0 };
    });

  async function poll(): Promise<void> {
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      do {
        again = false;
        if (!cursors || listeners.size === 0) break;
        const at = await cursors;
        const batch = await store.read(async (db) => ({
          feed: (await db
            .select()
            .from(liveFeed)
            .where(gt(liveFeed.id, at.feed))
            .orderBy(asc(liveFeed.id))
            .limit(1000)) as FeedEntry[],
          handoff: await db
            .select()
            .from(handoffMessages)
            .where(gt(handoffMessages.id, at.handoff))
            .orderBy(asc(handoffMessages.id))
            .limit(1000),
        }));
        if (batch.feed.length === 0 && batch.handoff.length === 0) break;
        at.feed = batch.feed.at(-1)?.id ?? at.feed;
        at.handoff = batch.handoff.at(-1)?.id ?? at.handoff;
        for (const listener of [...listeners]) {
          try {
            listener(batch);
          } catch (error) {
            log.warn("dashboard stream listener failed", { error });
          }
        }
        if (batch.feed.length === 1000 || batch.handoff.length === 1000) again = true;
      } while (again);
    } catch (error) {
      log.warn("dashboard feed poll failed", { error });
    } finally {
      polling = false;
    }
  }

  function schedule(): void {
    if (timer || closed || listeners.size === 0) return;
    timer = setInterval(() => void poll(), pollMs);
    timer.unref();
  }

  return {
    async subscribe(listener) {
      listeners.add(listener);
      cursors ??= readCursors();
      try {
        await cursors;
      } catch (error) {
        cursors = undefined;
        listeners.delete(listener);
        throw error;
      }
      schedule();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
          cursors = undefined;
        }
      };
    },
    wake() {
      if (listeners.size > 0) void poll();
    },
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
