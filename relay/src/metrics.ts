/**
 * Prometheus metrics (`GET /metrics`): requests and latencies by route, outbox depth by status,
 * sends by channel and outcome. One registry per relay instance.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface RelayMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  requestDuration: Histogram<"method" | "route">;
  sends: Counter<"channel" | "provider" | "outcome">;
  outboxDepth: Gauge<"status">;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): RelayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics)
    collectDefaultMetrics({ register: registry, prefix: "parley_relay_" });
  return {
    registry,
    requests: new Counter({
      name: "parley_relay_http_requests_total",
      help: "HTTP requests by route pattern and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    requestDuration: new Histogram({
      name: "parley_relay_http_request_duration_seconds",
      help: "HTTP request latency by route pattern",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    sends: new Counter({
      name: "parley_relay_outbox_sends_total",
      help: "Outbox send attempts by channel, provider and outcome (sent, retry, failed, dev_outbox)",
      labelNames: ["channel", "provider", "outcome"],
      registers: [registry],
    }),
    outboxDepth: new Gauge({
      name: "parley_relay_outbox_rows",
      help: "Outbox rows by status (sampled at scrape time)",
      labelNames: ["status"],
      registers: [registry],
    }),
  };
}
