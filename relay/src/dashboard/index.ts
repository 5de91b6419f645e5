/**
 * The dashboard and agent console, served by the relay. The relay mounts two sub-apps:
 *
 *   const dashboard = createDashboard(ctx);
 *   app.route("/dashboard", dashboard.routes);        // pages + /dashboard/api/* (login required)
 *   app.route("/v1/handoff", dashboard.visitorRoutes); // the visitor's side of a warm handoff
 *
 * and calls dashboard.close() on shutdown (stops the shared-database poller).
 */
import { Hono } from "hono";
import type { RelayContext } from "../context";
import { agentRoutes } from "./agent-routes";
import { authRoutes } from "./auth-routes";
import { callRoutes } from "./call-routes";
import { DASHBOARD_DEFAULTS, type DashboardDeps, type DashboardOptions } from "./deps";
import { createFeedHub } from "./feed-hub";
import { dashboardErrorHandler } from "./http";
import { pageRoutes } from "./pages";
import { recordRoutes } from "./record-routes";
import { userRoutes } from "./user-routes";
import { visitorHandoffRoutes } from "./visitor-routes";

export type { DashboardOptions } from "./deps";

export interface Dashboard {
  routes: Hono;
  visitorRoutes: Hono;
  close(): void;
}

export function createDashboard(ctx: RelayContext, options: DashboardOptions = {}): Dashboard {
  const resolved = { ...DASHBOARD_DEFAULTS, ...options, staticDir: options.staticDir };
  const hub = createFeedHub(ctx.store, ctx.log, resolved.feedPollMs);
  const deps: DashboardDeps = { ctx, options: resolved, hub };

  const api = new Hono();
  api.route("/auth", authRoutes(deps));
  api.route("/users", userRoutes(deps));
  api.route("/agent", agentRoutes(deps));
  api.route("/", callRoutes(deps));
  api.route("/", recordRoutes(deps));
  api.all("*", (c) =>
    c.json(
      { error: { code: "not_found", message: "no such dashboard API", retryable: false } },
      404,
    ),
  );

  const routes = new Hono();
  routes.onError(dashboardErrorHandler(ctx.log));
  routes.route("/api", api);
  routes.route("/", pageRoutes(deps));

  const visitorRoutes = new Hono();
  visitorRoutes.onError(dashboardErrorHandler(ctx.log));
  visitorRoutes.route("/", visitorHandoffRoutes(deps));

  return { routes, visitorRoutes, close: () => hub.close() };
}
