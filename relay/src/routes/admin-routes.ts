/**
 * The admin API (Bearer PARLEY_ADMIN_TOKEN) — the data side of the dashboard and agent console,
 * which issue 8 puts behind a login:
 *   GET  /v1/admin/feed?after=<id>&siteId=…   the change feed, for live views in any process
 *   GET  /v1/admin/sites/:siteId/escalations  open escalations (assigned and queued)
 *   POST /v1/admin/escalations/:id/accept     the assigned agent takes the call
 *   POST /v1/admin/escalations/:id/end        done; the agent becomes available again
 *   PUT  /v1/admin/agents/:id/status          {status}: available | busy | away | offline
 *   GET  /v1/admin/sites/:siteId/outbox       recent outbox rows (dev outbox included)
 */
import { Hono } from "hono";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { SiteAgent } from "@parley/protocol";
import type { RelayContext } from "../context";
import { agents, escalations, outbox } from "../db/schema";
import { assignQueued } from "../escalation/assign-agent";
import { publish, readFeed } from "../feed";
import { adminAuth } from "../http/admin-auth";
import type { AppEnv } from "../http/app-env";
import { limitBody } from "../http/body-limit";
import { badRequest, conflict, notFound } from "../http/errors";
import { readJsonBody } from "../http/json-body";
import { mediaUrlsOf } from "../outbox/compose";

export const AgentStatusBody = z.strictObject({ status: SiteAgent.shape.status.unwrap() });

export function adminRoutes(ctx: RelayContext) {
  const app = new Hono<AppEnv>();
  app.use(
    "*",
    adminAuth({ token: ctx.options.adminToken }),
    limitBody(ctx.options.maxJsonBodyBytes),
  );

  app.get("/feed", async (c) => {
    const after = Number(c.req.query("after") ?? "0");
    if (!Number.isSafeInteger(after) || after < 0)
      throw badRequest("after: must be a non-negative integer", "invalid_query");
    const siteId = c.req.query("siteId");
    const entries = await readFeed(ctx.store, {
      afterId: after,
      ...(siteId ? { siteId } : {}),
      limit: 500,
    });
    return c.json({ entries, last: entries.at(-1)?.id ?? after });
  });

  app.get("/sites/:siteId/escalations", async (c) => {
    const rows = await ctx.store.read((db) =>
      db
        .select()
        .from(escalations)
        .where(
          and(
            eq(escalations.siteId, c.req.param("siteId")),
            inArray(escalations.state, ["assigned", "queued", "accepted"]),
          ),
        )
        .orderBy(desc(escalations.createdAt))
        .limit(200),
    );
    return c.json({ escalations: rows });
  });

  const transition = (from: string[], to: "accepted" | "ended") => async (id: string) => {
    const now = ctx.now();
    return ctx.store.write(async (tx) => {
      const [esc] = await tx.select().from(escalations).where(eq(escalations.id, id)).limit(1);
      if (!esc) throw notFound("no such escalation", "escalation_not_found");
      if (!from.includes(esc.state)) throw conflict(`escalation is ${esc.state}`, "invalid_state");
      await tx.update(escalations).set({ state: to, updatedAt: now }).where(eq(escalations.id, id));
      await publish(tx, {
        siteId: esc.siteId,
        topic: "escalation.created",
        entityId: id,
        data: { state: to, agentId: esc.agentId, sessionId: esc.sessionId },
        at: now,
      });
      if (to === "ended" && esc.agentId) {
        await tx
          .update(agents)
          .set({ status: "available", updatedAt: now })
          .where(eq(agents.id, esc.agentId));
        await assignQueued(tx, esc.siteId, esc.agentId, now);
      }
      return { id, state: to };
    });
  };
  app.post("/escalations/:id/accept", async (c) =>
    c.json(await transition(["assigned"], "accepted")(c.req.param("id"))),
  );
  app.post("/escalations/:id/end", async (c) =>
    c.json(await transition(["assigned", "accepted"], "ended")(c.req.param("id"))),
  );

  app.put("/agents/:id/status", async (c) => {
    const body = await readJsonBody(c, AgentStatusBody);
    const now = ctx.now();
    const result = await ctx.store.write(async (tx) => {
      const [agent] = await tx
        .select()
        .from(agents)
        .where(eq(agents.id, c.req.param("id")))
        .limit(1);
      if (!agent) throw notFound("no such agent", "agent_not_found");
      await tx
        .update(agents)
        .set({ status: body.status, updatedAt: now })
        .where(eq(agents.id, agent.id));
      const assigned =
        body.status === "available" ? await assignQueued(tx, agent.siteId, agent.id, now) : null;
      return {
        id: agent.id,
        status: assigned ? "busy" : body.status,
        assignedEscalation: assigned,
      };
    });
    return c.json(result);
  });

  app.get("/sites/:siteId/outbox", async (c) => {
    const rows = await ctx.store.read((db) =>
      db
        .select({
          id: outbox.id,
          channel: outbox.channel,
          template: outbox.template,
          recipient: outbox.recipient,
          subject: outbox.subject,
          body: outbox.body,
          status: outbox.status,
          provider: outbox.provider,
          providerId: outbox.providerId,
          attempts: outbox.attempts,
          lastError: outbox.lastError,
          createdAt: outbox.createdAt,
          sentAt: outbox.sentAt,
          payload: outbox.payload,
        })
        .from(outbox)
        .where(eq(outbox.siteId, c.req.param("siteId")))
        .orderBy(desc(outbox.createdAt))
        .limit(200),
    );
    // Attachments are part of what was sent (a WhatsApp catalog is its media link); the rest of
    // the payload is the relay's own bookkeeping.
    return c.json({
      outbox: rows.map(({ payload, ...row }) => ({
        ...row,
        mediaUrls: mediaUrlsOf(payload),
      })),
    });
  });

  return app;
}
