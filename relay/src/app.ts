/**
 * The relay's HTTP app: middleware in the order a request meets it, the routes, and the one
 * error handler that turns every failure into an ApiError body.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiError } from "@parley/protocol";
import type { RelayContext } from "./context";
import type { AppEnv } from "./http/app-env";
import { clientIp } from "./http/client-ip";
import { RelayError } from "./http/errors";
import { requestMetrics } from "./http/request-metrics";
import { siteCors } from "./http/site-cors";
import { createDashboard } from "./dashboard";
import { adminRoutes } from "./routes/admin-routes";
import { knowledgeRoutes } from "./routes/knowledge-routes";
import { opsRoutes } from "./routes/ops-routes";
import { webhookRoutes } from "./routes/webhook-routes";
import { widgetRoutes } from "./routes/widget-routes";

export interface AppOptions {
  /** Log one line per request (default false). */
  accessLog?: boolean;
}

export function createApp(ctx: RelayContext, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.use(
    "*",
    requestMetrics({ metrics: ctx.metrics, log: ctx.log, accessLog: options.accessLog ?? false }),
  );
  app.use(
    "*",
    secureHeaders({
      // Knowledge files and media are fetched cross-origin by the widget and by providers.
      crossOriginResourcePolicy: "cross-origin",
      crossOriginOpenerPolicy: "same-origin",
    }),
  );
  app.use("*", clientIp({ secret: ctx.options.secret, trustProxy: ctx.options.trustProxy }));
  app.use("/v1/sessions/*", siteCors({ isAllowed: ctx.isKnownOrigin }));
  app.use("/v1/sessions", siteCors({ isAllowed: ctx.isKnownOrigin }));
  app.use("/v1/actions/*", siteCors({ isAllowed: ctx.isKnownOrigin }));
  app.use("/v1/actions", siteCors({ isAllowed: ctx.isKnownOrigin }));
  app.use("/v1/orders/*", siteCors({ isAllowed: ctx.isKnownOrigin }));
  app.use(
    "/v1/sites/*",
    siteCors({ isAllowed: ctx.isKnownOrigin, allowMethods: ["GET", "OPTIONS"] }),
  );

  app.route("/", opsRoutes(ctx));
  app.route("/v1", widgetRoutes(ctx));
  app.route("/v1", knowledgeRoutes(ctx));
  app.route("/v1", webhookRoutes(ctx));
  app.route("/v1/admin", adminRoutes(ctx));
  // Dashboard + agent console (issue 8, src/dashboard): pages and /dashboard/api, and the visitor's side of a handoff.
  const dashboard = createDashboard(ctx);
  app.route("/dashboard", dashboard.routes);
  app.route("/v1/handoff", dashboard.visitorRoutes);

  app.notFound((c) =>
    c.json<ApiError>(
      {
        error: {
          code: "not_found",
          message: `no route ${c.req.method} ${c.req.path.slice(0, 200)}`,
          retryable: false,
        },
      },
      404,
    ),
  );

  app.onError((error, c) => {
    if (error instanceof RelayError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.body(), error.status);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return c.json<ApiError>(
        {
          error: {
            code: "http_error",
            message: error.message || "request refused",
            retryable: status >= 500,
          },
        },
        status,
      );
    }
    const message = (error as Error)?.message ?? String(error);
    // SQLITE_BUSY: another process held the write lock longer than the busy timeout.
    if (/SQLITE_BUSY|database is locked/i.test(message)) {
      ctx.log.warn("database busy", { path: c.req.path });
      return c.json<ApiError>(
        { error: { code: "busy", message: "the relay is busy; try again", retryable: true } },
        503,
      );
    }
    ctx.log.error("unhandled error", { path: c.req.path, error: message });
    return c.json<ApiError>(
      {
        error: {
          code: "internal",
          message: "the relay failed to handle this request",
          retryable: true,
        },
      },
      500,
    );
  });
  return app;
}
