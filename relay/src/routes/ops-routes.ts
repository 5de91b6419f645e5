/**
 * /healthz (database reachable), /metrics (Prometheus), /v1/openapi.json (generated from the
 * route definitions in src/openapi) and /v1/docs, its reference page (Scalar; the page loads
 * Scalar's browser script from its CDN, as that package does by default).
 */
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import { sql } from "drizzle-orm";
import type { RelayContext } from "../context";
import { outbox } from "../db/schema";
import type { AppEnv } from "../http/app-env";
import { openApiDocument } from "../openapi/document";

export function opsRoutes(ctx: RelayContext) {
  const app = new Hono<AppEnv>();
  const doc = openApiDocument();

  app.get("/healthz", async (c) => {
    try {
      await ctx.store.read((db) => db.run(sql`select 1`));
      return c.json({ ok: true, sites: [...ctx.sites.keys()] });
    } catch (error) {
      ctx.log.error("health check failed", { error: (error as Error).message });
      return c.json(
        {
          ok: false,
          error: {
            code: "database_unavailable",
            message: "database is not reachable",
            retryable: true,
          },
        },
        503,
      );
    }
  });

  app.get("/metrics", async (c) => {
    const rows = await ctx.store.read((db) =>
      db
        .select({ status: outbox.status, n: sql<number>`count(*)` })
        .from(outbox)
        .groupBy(outbox.status),
    );
    ctx.metrics.outboxDepth.reset();
    for (const row of rows) ctx.metrics.outboxDepth.set({ status: row.status }, Number(row.n));
    c.header("Content-Type", ctx.metrics.registry.contentType);
    return c.body(await ctx.metrics.registry.metrics());
  });

  app.get("/v1/openapi.json", (c) => c.json(doc));
  app.get("/v1/docs", Scalar({ url: "/v1/openapi.json", pageTitle: "Parley relay API" }));
  return app;
}
