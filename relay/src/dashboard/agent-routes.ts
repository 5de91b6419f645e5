/**
 * The agent console's API (/dashboard/api/agent/*, agents and admins linked to an agent):
 * status and expertise, the escalations offered to me, accept / decline, signalling and chat,
 * end with a resolution, and an SSE stream that notifies within one poll of the shared database.
 */
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { AgentExpertise, EndHandoff, PeerMessage } from "@parley/protocol";
import type { RelayContext } from "../context";
import { agents, escalations } from "../db/schema";
import { handoffMessages } from "../db/schema-dashboard";
import type { Db } from "../db/store";
import { acceptEscalation, declineEscalation } from "../escalation/agent-answers";
import { assignQueued } from "../escalation/assign-agent";
import { endHandoff } from "../escalation/end-handoff";
import { viewEscalations } from "../escalation/escalation-view";
import { handoffMessagesAfter, postPeerMessage } from "../escalation/handoff-messages";
import { rtcSettingsOf } from "../escalation/rtc-settings";
import { badRequest, forbidden } from "../http/errors";
import { requireLogin, type DashboardEnv } from "./auth";
import type { DashboardDeps } from "./deps";
import { readJson } from "./http";
import { publishChange } from "./publish";
import { createWaker } from "./waker";

export const PatchAgent = z
  .strictObject({
    status: z.enum(["available", "busy", "away"]).optional(),
    expertise: z.array(AgentExpertise).min(1).max(4).optional(),
  })
  .refine((v) => v.status !== undefined || v.expertise !== undefined, {
    message: "give status or expertise",
  });

const HEARTBEAT_MS = 15_000;
/** How long the console keeps saying that a call it showed was withdrawn. */
const WITHDRAWN_SHOWN_MS = 10 * 60_000;

/**
 * What the console shows: my assigned/accepted escalations, the queue I could take, my last ended
 * ones, the calls withdrawn from me lately (with why), and how to reach visitors over WebRTC.
 */
export async function consoleState(
  ctx: Pick<RelayContext, "sites" | "now">,
  db: Db,
  agentId: string,
) {
  const [agent] = await db.select().from(agents).where(eq(agents.id, agentId)).limit(1);
  if (!agent) return undefined;
  const mine = await db
    .select()
    .from(escalations)
    .where(
      and(eq(escalations.agentId, agentId), inArray(escalations.state, ["assigned", "accepted"])),
    )
    .orderBy(desc(escalations.createdAt))
    .limit(20);
  const queued = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.siteId, agent.siteId), eq(escalations.state, "queued")))
    .orderBy(escalations.createdAt)
    .limit(50);
  const ended = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.agentId, agentId), eq(escalations.state, "ended")))
    .orderBy(desc(escalations.updatedAt))
    .limit(5);
  const withdrawn = await db
    .select({ id: escalations.id, updatedAt: escalations.updatedAt })
    .from(escalations)
    .where(
      and(
        eq(escalations.agentId, agentId),
        eq(escalations.state, "withdrawn"),
        gt(escalations.updatedAt, ctx.now() - WITHDRAWN_SHOWN_MS),
      ),
    )
    .orderBy(desc(escalations.updatedAt))
    .limit(5);
  const notes = withdrawn.length
    ? await db
        .select({ escalationId: handoffMessages.escalationId, payload: handoffMessages.payload })
        .from(handoffMessages)
        .where(
          and(
            inArray(
              handoffMessages.escalationId,
              withdrawn.map((w) => w.id),
            ),
            eq(handoffMessages.kind, "withdrawn"),
          ),
        )
    : [];
  const why = new Map(
    notes.map((n) => [n.escalationId, String((n.payload as { text?: unknown }).text ?? "")]),
  );
  return {
    agent,
    mine: await viewEscalations(db, mine),
    queue: await viewEscalations(
      db,
      queued.filter((e) => agent.expertise.some((x) => x === e.category || x === "general")),
    ),
    queueTotal: queued.length,
    ended: await viewEscalations(db, ended),
    withdrawn: withdrawn.map((w) => ({ id: w.id, at: w.updatedAt, text: why.get(w.id) ?? "" })),
    rtc: rtcSettingsOf(ctx, agent.siteId),
  };
}

export function agentRoutes(deps: DashboardDeps) {
  const { ctx, hub } = deps;
  const { store, now } = ctx;
  const app = new Hono<DashboardEnv>();
  app.use("*", requireLogin(deps, ["agent", "admin"]));
  app.use("*", async (c, next) => {
    if (!c.get("login").user.agentId)
      throw forbidden("this account is not linked to an agent", "not_an_agent");
    await next();
  });
  const agentIdOf = (c: { get: (k: "login") => { user: { agentId: string | null } } }) =>
    c.get("login").user.agentId!;

  app.get("/state", async (c) =>
    c.json(await store.read((db) => consoleState(ctx, db, agentIdOf(c)))),
  );

  app.patch("/me", async (c) => {
    const body = await readJson(c, PatchAgent);
    const agentId = agentIdOf(c);
    await store.write(async (tx) => {
      const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).limit(1);
      if (!agent) throw badRequest("the linked agent no longer exists", "unknown_agent");
      const t = now();
      await tx
        .update(agents)
        .set({
          ...(body.status ? { status: body.status } : {}),
          ...(body.expertise ? { expertise: body.expertise } : {}),
          updatedAt: t,
        })
        .where(eq(agents.id, agentId));
      await publishChange(tx, {
        siteId: agent.siteId,
        topic: "agent.updated",
        entityId: agentId,
        data: { status: body.status ?? agent.status },
        at: t,
      });
      if ((body.status ?? agent.status) === "available")
        await assignQueued(tx, agent.siteId, agentId, t);
    });
    hub.wake();
    return c.json(await store.read((db) => consoleState(ctx, db, agentId)));
  });

  app.post("/escalations/:id/accept", async (c) => {
    const view = await acceptEscalation(ctx, c.req.param("id"), agentIdOf(c));
    hub.wake();
    return c.json({ escalation: view });
  });

  app.post("/escalations/:id/decline", async (c) => {
    await declineEscalation(ctx, c.req.param("id"), agentIdOf(c));
    hub.wake();
    return c.json({ ok: true });
  });

  app.get("/escalations/:id/messages", async (c) => {
    const after = Number(c.req.query("after") ?? "0");
    if (!Number.isSafeInteger(after) || after < 0) throw badRequest("after must be a message id");
    const id = c.req.param("id");
    const [esc] = await store.read((db) =>
      db.select().from(escalations).where(eq(escalations.id, id)).limit(1),
    );
    if (!esc || esc.agentId !== agentIdOf(c))
      throw forbidden("this handoff is another agent's", "not_yours");
    return c.json({ messages: await store.read((db) => handoffMessagesAfter(db, id, after)) });
  });

  app.post("/escalations/:id/messages", async (c) => {
    const body = await readJson(c, PeerMessage);
    const id = await postPeerMessage(
      ctx,
      c.req.param("id"),
      "agent",
      { agentId: agentIdOf(c) },
      body,
    );
    hub.wake();
    return c.json({ id }, 201);
  });

  app.post("/escalations/:id/end", async (c) => {
    const body = await readJson(c, EndHandoff);
    const result = await endHandoff(ctx, c.req.param("id"), agentIdOf(c), body);
    hub.wake();
    return c.json(result);
  });

  /** Notifications: `state` (escalations offered / accepted, queue) and `handoff` (signalling, chat). */
  app.get("/stream", (c) => {
    const agentId = agentIdOf(c);
    c.header("X-Accel-Buffering", "no");
    return streamSSE(c, async (stream) => {
      let dirty = true;
      const waker = createWaker();
      let watched = new Set<string>();
      const pending: unknown[] = [];
      const unsubscribe = await hub.subscribe((batch) => {
        if (
          batch.feed.some((e) => e.topic.startsWith("escalation.") || e.topic === "agent.updated")
        )
          dirty = true;
        for (const m of batch.handoff) if (watched.has(m.escalationId)) pending.push(m);
        if (dirty || pending.length) waker.wake();
      });
      stream.onAbort(() => {
        unsubscribe();
        waker.wake();
      });
      let last = "";
      try {
        while (!stream.aborted) {
          if (dirty) {
            dirty = false;
            const state = await store.read((db) => consoleState(ctx, db, agentId));
            if (!state) break;
            watched = new Set(state.mine.filter((e) => e.state === "accepted").map((e) => e.id));
            const print = JSON.stringify(state);
            if (print !== last) {
              last = print;
              await stream.writeSSE({ event: "state", data: print });
            }
          }
          while (pending.length)
            await stream.writeSSE({ event: "handoff", data: JSON.stringify(pending.shift()) });
          const woke = await waker.sleep(HEARTBEAT_MS);
          if (!woke && !stream.aborted) await stream.write(": keep-alive\n\n");
        }
      } finally {
        unsubscribe();
      }
    });
  });

  return app;
}
