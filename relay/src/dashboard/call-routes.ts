/**
 * Live monitoring and call records (admin only):
 *   GET /live?site=       Server-Sent Events: `state` (active calls, queue, recently ended) whenever
 *                         the shared change feed shows something for this site, within one poll.
 *   GET /calls?site&from&to   calls started in a range (history table)
 *   GET /calls/:id        one call: card, full transcript with per-turn timings, handoff chat
 */
import { and, asc, desc, eq, gte, isNotNull } from "drizzle-orm";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { messages, sessions } from "../db/schema";
import { handoffMessages } from "../db/schema-dashboard";
import type { Db } from "../db/store";
import { notFound } from "../http/errors";
import { requireLogin, type DashboardEnv } from "./auth";
import {
  activeSessionIds,
  loadCallCards,
  queuedEscalations,
  sessionIdsInRange,
} from "./call-cards";
import type { DashboardDeps } from "./deps";
import { parseRange } from "./range";
import { pickSite } from "./sites";
import { createWaker } from "./waker";

const RECENT_ENDED_MS = 15 * 60 * 1000;
const HEARTBEAT_MS = 15_000;

export async function liveState(db: Db, siteId: string, now: number) {
  const activeIds = await activeSessionIds(db, siteId, now);
  const recentRows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.siteId, siteId),
        isNotNull(sessions.endedAt),
        gte(sessions.endedAt, now - RECENT_ENDED_MS),
      ),
    )
    .orderBy(desc(sessions.endedAt))
    .limit(20);
  const cards = await loadCallCards(db, [...activeIds, ...recentRows.map((r) => r.id)], now);
  const active = new Set(activeIds);
  const queue = await queuedEscalations(db, siteId);
  return {
    at: now,
    active: cards.filter((c) => active.has(c.sessionId)).sort((a, b) => a.startedAt - b.startedAt),
    recent: cards
      .filter((c) => !active.has(c.sessionId))
      .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0)),
    queue,
  };
}

/** The state without the clock, to tell whether anything worth sending changed. */
function fingerprint(state: Awaited<ReturnType<typeof liveState>>): string {
  return JSON.stringify({
    a: state.active.map((c) => ({ ...c, durationMs: 0 })),
    r: state.recent,
    q: state.queue,
  });
}

export function callRoutes(deps: DashboardDeps) {
  const { store, now } = deps.ctx;
  const app = new Hono<DashboardEnv>();
  // Per route (not use("*")): these sub-apps are mounted at "/" beside others.
  const admin = requireLogin(deps, ["admin"]);

  app.get("/live", admin, (c) => {
    const site = pickSite(deps, c.req.query("site"));
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      let dirty = true;
      const waker = createWaker();
      const unsubscribe = await deps.hub.subscribe((batch) => {
        if (batch.feed.some((e) => e.siteId === site.id) || batch.handoff.length > 0) {
          dirty = true;
          waker.wake();
        }
      });
      stream.onAbort(() => {
        unsubscribe();
        waker.wake();
      });
      let last = "";
      let id = 0;
      try {
        while (!stream.aborted) {
          if (dirty) {
            dirty = false;
            const state = await store.read((db) => liveState(db, site.id, now()));
            const print = fingerprint(state);
            if (print !== last) {
              last = print;
              await stream.writeSSE({
                event: "state",
                data: JSON.stringify(state),
                id: String(++id),
              });
            }
          }
          const woke = await waker.sleep(HEARTBEAT_MS);
          if (!woke && !stream.aborted) await stream.write(": keep-alive\n\n");
        }
      } finally {
        unsubscribe();
      }
    });
  });

  app.get("/calls", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const range = parseRange(c.req.query(), now());
    const cards = await store.read(async (db) =>
      loadCallCards(db, await sessionIdsInRange(db, site.id, range, "newest", 2000), now()),
    );
    cards.sort((a, b) => b.startedAt - a.startedAt);
    return c.json({ from: range.from, to: range.to, calls: cards });
  });

  app.get("/calls/:id", admin, async (c) => {
    const id = c.req.param("id");
    const result = await store.read(async (db) => {
      const [card] = await loadCallCards(db, [id], now());
      if (!card) return undefined;
      const transcript = await db
        .select()
        .from(messages)
        .where(eq(messages.sessionId, id))
        .orderBy(asc(messages.at), asc(messages.id));
      const handoff = await db
        .select()
        .from(handoffMessages)
        .where(and(eq(handoffMessages.sessionId, id), eq(handoffMessages.kind, "chat")))
        .orderBy(asc(handoffMessages.id));
      return { card, transcript, handoffChat: handoff };
    });
    if (!result) throw notFound("no such call");
    return c.json(result);
  });

  return app;
}
