import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { Logger } from "../log";
import type { RelayMetrics } from "../metrics";

export interface RequestMetricsOptions {
  metrics: RelayMetrics;
  log: Logger;
  /** Log every request (info) — off by default; errors are always logged by onError. */
  accessLog?: boolean;
}

/** Counts requests and latencies by route pattern (never the raw path: ids stay out of labels). */
export function requestMetrics(options: RequestMetricsOptions) {
  return createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    // The last matched route is the handler that answered (earlier ones are middleware).
    const route = c.res.status === 404 ? "unmatched" : routePath(c, -1) || "unmatched";
    options.metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    options.metrics.requestDuration.observe({ method: c.req.method, route }, seconds);
    if (options.accessLog) {
      options.log.info("request", {
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
      });
    }
  });
}
