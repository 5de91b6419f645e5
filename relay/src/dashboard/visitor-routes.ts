/**
 * The visitor's side of a warm handoff (/v1/handoff), authorised by the widget's session token
 * like the rest of the public API. Framework-free client: widget/src/handoff/handoff-client.ts.
 *
 *   GET  /v1/handoff?after=<id>&state=<known>&waitMs=<ms>
 *        long-poll: the call's latest escalation (state, agent name, queue position, the site's
 *        wait and ICE servers — never the handoff package) and the handoff messages after <id>;
 *        answers at once when there is something new, else after waitMs (≤ 25 s)
 *   POST /v1/handoff/messages {kind, payload}   offer | answer | candidate | chat | rtc_unavailable | rtc_connected
 *   POST /v1/handoff/withdraw {reason}          back_to_ai | hung_up | no_agent: take the transfer back
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { Hono } from "hono";
import { PeerMessage, WithdrawHandoff, type HandoffStatus } from "@parley/protocol";
import { agents, escalations } from "../db/schema";
import type { Db } from "../db/store";
import {
  handoffMessagesAfter,
  keepsText,
  latestEscalationOf,
  postPeerMessage,
} from "../escalation/handoff-messages";
import { rtcSettingsOf } from "../escalation/rtc-settings";
import { withdrawEscalation } from "../escalation/withdraw";
import type { AppEnv } from "../http/app-env";
import { limitBody } from "../http/body-limit";
import { badRequest, conflict } from "../http/errors";
import { sessionAuth } from "../http/session-auth";
import { siteCors } from "../http/site-cors";
import type { DashboardDeps } from "./deps";
import { readJson } from "./http";
import { createWaker } from "./waker";

const MAX_WAIT_MS = 25_000;

/** Calls of the site queued before this one (1 = next in line). */
async function queuePosition(db: Db, siteId: string, createdAt: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(escalations)
    .where(
      and(
        eq(escalations.siteId, siteId),
        eq(escalations.state, "queued"),
        lt(escalations.createdAt, createdAt),
      ),
    );
  return Number(row?.n ?? 0) + 1;
}

/** Whether any agent who could take `category` is at work (available or busy, not away). */
async function anyoneOnDuty(db: Db, siteId: string, category: string): Promise<boolean> {
  const onDuty = await db
    .select({ expertise: agents.expertise })
    .from(agents)
    .where(and(eq(agents.siteId, siteId), inArray(agents.status, ["available", "busy"])));
  return onDuty.some((a) => a.expertise.includes(category) || a.expertise.includes("general"));
}

export function visitorHandoffRoutes(deps: DashboardDeps) {
  const { ctx, hub } = deps;
  const app = new Hono<AppEnv>();
  app.use("*", siteCors({ isAllowed: ctx.isKnownOrigin }));
  app.use(
    "*",
    sessionAuth({
      secret: ctx.options.secret,
      now: ctx.now,
      siteExists: (id) => ctx.sites.has(id),
    }),
  );

  const snapshot = async (sessionId: string, after: number): Promise<HandoffStatus> =>
    ctx.store.read(async (db) => {
      const esc = await latestEscalationOf(db, sessionId);
      if (!esc) return { escalation: null, messages: [] };
      const [agent] = esc.agentId
        ? await db
            .select({ name: agents.name })
            .from(agents)
            .where(eq(agents.id, esc.agentId))
            .limit(1)
        : [];
      const messages = await handoffMessagesAfter(db, esc.id, after);
      return {
        escalation: {
          id: esc.id,
          state: esc.state as NonNullable<HandoffStatus["escalation"]>["state"],
          category: esc.category,
          agentName: agent?.name ?? null,
          queuePosition:
            esc.state === "queued" ? await queuePosition(db, esc.siteId, esc.createdAt) : null,
          createdAt: esc.createdAt,
          maxWaitMs: ctx.sites.get(esc.siteId)?.handoff.maxWaitMs ?? 120_000,
          anyoneOnDuty: await anyoneOnDuty(db, esc.siteId, esc.category),
          rtc: rtcSettingsOf(ctx, esc.siteId),
        },
        messages: messages.map((m) => ({
          id: m.id,
          sender: m.sender as HandoffStatus["messages"][number]["sender"],
          kind: m.kind,
          payload: m.payload as Record<string, unknown>,
          at: m.at,
        })),
      };
    });

  app.get("/", async (c) => {
    const sessionId = c.get("session").sid;
    const after = Number(c.req.query("after") ?? "0");
    const waitMs = Math.min(MAX_WAIT_MS, Number(c.req.query("waitMs") ?? "0"));
    const knownState = c.req.query("state");
    if (!Number.isSafeInteger(after) || after < 0) throw badRequest("after must be a message id");
    if (!Number.isFinite(waitMs) || waitMs < 0)
      throw badRequest("waitMs must be a number of milliseconds");
    c.header("Cache-Control", "no-store");
    let result = await snapshot(sessionId, after);
    const fresh = () =>
      result.messages.length > 0 || (result.escalation?.state ?? "none") !== (knownState ?? "none");
    if (waitMs === 0 || fresh()) return c.json(result);
    const waker = createWaker();
    const unsubscribe = await hub.subscribe((batch) => {
      if (
        batch.handoff.some((m) => m.sessionId === sessionId) ||
        batch.feed.some((e) => e.topic.startsWith("escalation."))
      )
        waker.wake();
    });
    try {
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline && !c.req.raw.signal.aborted) {
        await waker.sleep(deadline - Date.now());
        result = await snapshot(sessionId, after);
        if (fresh()) break;
      }
    } finally {
      unsubscribe();
    }
    return c.json(result);
  });

  app.post("/messages", limitBody(16 * 1024), async (c) => {
    const sessionId = c.get("session").sid;
    const body = await readJson(c, PeerMessage);
    const esc = await ctx.store.read((db) => latestEscalationOf(db, sessionId));
    if (!esc) throw conflict("this call has no handoff", "no_handoff");
    const id = await postPeerMessage(ctx, esc.id, "visitor", { sessionId }, body);
    hub.wake();
    return c.json({ id }, 201);
  });

  app.post("/withdraw", limitBody(1024), async (c) => {
    const sessionId = c.get("session").sid;
    const body = await readJson(c, WithdrawHandoff);
    const now = ctx.now();
    const withdrawn = await ctx.store.write(async (tx) => {
      const esc = await latestEscalationOf(tx, sessionId);
      if (!esc) throw conflict("this call has no handoff", "no_handoff");
      return withdrawEscalation(tx, esc, body.reason, {
        keepText: keepsText(ctx, esc.siteId),
        now,
      });
    });
    hub.wake();
    return c.json({ withdrawn });
  });

  return app;
}
