/**
 * Records (admin only): metrics, tickets (view; change status and resolution), leads, callbacks
 * (due list; mark done), the dev outbox (rendered bodies and attachments), knowledge index status,
 * and CSV exports of calls and tickets (times in the site's timezone).
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { TicketStatus } from "@parley/protocol";
import { callbacks, knowledgeVersions, leads, outbox, tickets } from "../db/schema";
import { badRequest, notFound } from "../http/errors";
import { requireLogin, type DashboardEnv } from "./auth";
import { loadCallCards, sessionIdsInRange } from "./call-cards";
import { siteTime, toCsv } from "./csv";
import type { DashboardDeps } from "./deps";
import { mediaUrlsOf } from "../outbox/compose";
import { readJson } from "./http";
import { computeMetrics } from "./metrics-query";
import { publishChange } from "./publish";
import { parseRange } from "./range";
import { pickSite } from "./sites";

export const PatchTicket = z
  .strictObject({
    status: TicketStatus.optional(),
    resolution: z.string().trim().max(1000).nullable().optional(),
  })
  .refine((v) => v.status !== undefined || v.resolution !== undefined, {
    message: "give status or resolution",
  });

const OPEN_CALLBACK = ["scheduled", "calling", "queued_for_agent", "failed"];

export function recordRoutes(deps: DashboardDeps) {
  const { store, now } = deps.ctx;
  const app = new Hono<DashboardEnv>();
  // Per route (not use("*")): these sub-apps are mounted at "/" beside others.
  const admin = requireLogin(deps, ["admin"]);

  app.get("/metrics", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const range = parseRange(c.req.query(), now());
    return c.json(await store.read((db) => computeMetrics(db, site.id, range)));
  });

  app.get("/tickets", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const status = c.req.query("status");
    if (status !== undefined && !TicketStatus.safeParse(status).success)
      throw badRequest("unknown ticket status");
    const rows = await store.read((db) =>
      db
        .select()
        .from(tickets)
        .where(and(eq(tickets.siteId, site.id), status ? eq(tickets.status, status) : undefined))
        .orderBy(desc(tickets.createdAt))
        .limit(1000),
    );
    return c.json({ tickets: rows });
  });

  app.patch("/tickets/:id", admin, async (c) => {
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id)) throw badRequest("ticket id must be a number");
    const body = await readJson(c, PatchTicket);
    const updated = await store.write(async (tx) => {
      const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, id));
      if (!ticket) throw notFound("no such ticket");
      const t = now();
      const [row] = await tx
        .update(tickets)
        .set({
          ...(body.status ? { status: body.status } : {}),
          ...(body.resolution !== undefined ? { resolution: body.resolution || null } : {}),
          updatedAt: t,
        })
        .where(eq(tickets.id, id))
        .returning();
      await publishChange(tx, {
        siteId: ticket.siteId,
        topic: "ticket.updated",
        entityId: ticket.number,
        data: {
          sessionId: ticket.sessionId,
          status: row?.status ?? ticket.status,
          by: "dashboard",
        },
        at: t,
      });
      return row;
    });
    deps.hub.wake();
    return c.json({ ticket: updated });
  });

  app.get("/leads", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const rows = await store.read((db) =>
      db
        .select()
        .from(leads)
        .where(eq(leads.siteId, site.id))
        .orderBy(desc(leads.updatedAt))
        .limit(1000),
    );
    return c.json({ leads: rows });
  });

  app.get("/callbacks", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const all = c.req.query("all") === "1";
    const rows = await store.read((db) =>
      db
        .select()
        .from(callbacks)
        .where(
          and(
            eq(callbacks.siteId, site.id),
            all ? undefined : inArray(callbacks.status, OPEN_CALLBACK),
          ),
        )
        .orderBy(asc(callbacks.dueAt))
        .limit(1000),
    );
    return c.json({ now: now(), callbacks: rows });
  });

  app.post("/callbacks/:id/done", admin, async (c) => {
    const id = c.req.param("id");
    const row = await store.write(async (tx) => {
      const [found] = await tx.select().from(callbacks).where(eq(callbacks.id, id));
      if (!found) throw notFound("no such callback");
      const t = now();
      const [updated] = await tx
        .update(callbacks)
        .set({ status: "done", updatedAt: t })
        .where(eq(callbacks.id, id))
        .returning();
      await publishChange(tx, {
        siteId: found.siteId,
        topic: "callback.updated",
        entityId: id,
        data: { status: "done", sessionId: found.sessionId, by: "dashboard" },
        at: t,
      });
      return updated;
    });
    deps.hub.wake();
    return c.json({ callback: row });
  });

  app.get("/outbox", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const rows = await store.read((db) =>
      db
        .select()
        .from(outbox)
        .where(eq(outbox.siteId, site.id))
        .orderBy(desc(outbox.createdAt))
        .limit(300),
    );
    // Attachments: the knowledge document named in the template inputs and the media links sent
    // with it (a WhatsApp catalog). The payload has no other attachment fields.
    const withAttachments = rows.map((row) => {
      const payload = (row.payload ?? {}) as Record<string, unknown>;
      const attachments = [payload.documentId, ...mediaUrlsOf(payload)]
        .filter((v): v is string => typeof v === "string")
        .map((v) => ({ name: v }));
      return { ...row, attachments };
    });
    return c.json({ outbox: withAttachments });
  });

  app.get("/knowledge", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const rows = await store.read((db) =>
      db
        .select()
        .from(knowledgeVersions)
        .where(eq(knowledgeVersions.siteId, site.id))
        .orderBy(desc(knowledgeVersions.id))
        .limit(10),
    );
    const [latest, ...older] = rows;
    return c.json({
      latest: latest ?? null,
      history: older.map((v) => ({
        id: v.id,
        publishedAt: v.publishedAt,
        manifestSha256: v.manifestSha256,
      })),
    });
  });

  app.get("/export/calls.csv", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const range = parseRange(c.req.query(), now());
    const cards = await store.read(async (db) =>
      loadCallCards(db, await sessionIdsInRange(db, site.id, range, "oldest", 50_000), now()),
    );
    cards.sort((a, b) => a.startedAt - b.startedAt);
    const csv = toCsv(
      [
        "session",
        "visitor",
        "started",
        "ended",
        "duration_s",
        "status",
        "stage",
        "intent",
        "avg_response_ms",
        "knowledge_used",
        "docs_retrieved",
        "completed_actions",
        "ticket",
        "sentiment",
        "resolution",
        "rating",
      ],
      cards.map((k) => [
        k.sessionId,
        k.visitor,
        siteTime(k.startedAt, site.timezone),
        siteTime(k.endedAt, site.timezone),
        Math.round(k.durationMs / 1000),
        k.status,
        k.stage,
        k.intent,
        k.avgResponseMs,
        k.knowledgeUsed ? "yes" : "no",
        k.docsRetrieved,
        k.completedActions,
        k.ticketNumber,
        k.sentimentTrajectory,
        k.resolution,
        k.rating,
      ]),
    );
    return csvResponse(c, csv, `calls-${site.id}.csv`);
  });

  app.get("/export/tickets.csv", admin, async (c) => {
    const site = pickSite(deps, c.req.query("site"));
    const rows = await store.read((db) =>
      db
        .select()
        .from(tickets)
        .where(eq(tickets.siteId, site.id))
        .orderBy(asc(tickets.createdAt))
        .limit(50_000),
    );
    const csv = toCsv(
      [
        "number",
        "created",
        "updated",
        "issue_type",
        "priority",
        "status",
        "summary",
        "resolution",
        "order_id",
        "session",
      ],
      rows.map((t) => [
        t.number,
        siteTime(t.createdAt, site.timezone),
        siteTime(t.updatedAt, site.timezone),
        t.issueType,
        t.priority,
        t.status,
        t.summary,
        t.resolution,
        t.orderId,
        t.sessionId,
      ]),
    );
    return csvResponse(c, csv, `tickets-${site.id}.csv`);
  });

  return app;
}

function csvResponse(
  c: { body: (data: string, status: 200, headers: Record<string, string>) => Response },
  csv: string,
  name: string,
) {
  return c.body(csv, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  });
}
