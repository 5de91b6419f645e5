/**
 * The public side of the relay: what the widget calls (sessions, events, actions, orders), the
 * knowledge index it downloads and the site owner uploads, signed media links, the provider
 * webhook, and the operations endpoints.
 */
import { z } from "@hono/zod-openapi";
import {
  ActionAccepted,
  ActionRequest,
  ActionResult,
  CreateSessionRequest,
  CreateSessionResponse,
  EventBatch,
  Order,
} from "@parley/protocol";
import { routeDoc, type RouteDoc } from "./route-doc";

const Widget = ["Widget API"];
const Knowledge = ["Knowledge API"];
const Ops = ["Operations"];

const EventsStored = z.object({ stored: z.number().int(), duplicates: z.number().int() });
const FileStaged = z.object({
  staged: z.literal(true),
  path: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
});
const IndexPublished = z.object({
  published: z.literal(true),
  version: z.string(),
  manifestSha256: z.string(),
  files: z.number().int(),
});
const Health = z.object({ ok: z.boolean(), sites: z.array(z.string()).optional() });

export const widgetApi: RouteDoc[] = [
  routeDoc("post", "/v1/sessions", {
    summary: "Open a call session",
    description: "Needs an Origin header the site allows. Returns the session token.",
    tags: Widget,
    body: CreateSessionRequest,
    ok: { status: 201, description: "The session and its token", schema: CreateSessionResponse },
    errors: [400, 403, 404, 413, 429],
  }),
  routeDoc("post", "/v1/sessions/{id}/events", {
    summary: "Record call events",
    description:
      "JSON with the token as a bearer header, or text/plain with `token` in the body (navigator.sendBeacon cannot set headers).",
    tags: Widget,
    security: "session",
    body: EventBatch,
    bodyAsText: true,
    ok: { status: 200, description: "How many were stored or already known", schema: EventsStored },
    errors: [400, 401, 403, 413, 429],
  }),
  routeDoc("post", "/v1/actions", {
    summary: "Ask the relay to act",
    description:
      "Messages are sent only from the site's templates. A repeated idempotency key with the same params returns the first answer.",
    tags: Widget,
    security: "session",
    body: ActionRequest,
    ok: {
      status: 202,
      description: "Accepted (or a duplicate of an earlier request)",
      schema: ActionAccepted,
    },
    errors: [400, 401, 403, 409, 413, 429],
  }),
  routeDoc("get", "/v1/actions/{id}", {
    summary: "Status and result of an action of this session",
    tags: Widget,
    security: "session",
    ok: { status: 200, description: "The action", schema: ActionResult },
    errors: [401, 404],
  }),
  routeDoc("get", "/v1/orders/{orderId}", {
    summary: "Look up an order",
    tags: Widget,
    security: "session",
    ok: { status: 200, description: "The order", schema: Order },
    errors: [400, 401, 404, 429],
  }),
  routeDoc("get", "/v1/sites/{siteId}/knowledge/{path}", {
    summary: "A file of the site's published knowledge index",
    description: "`manifest.json` first; every file's ETag is its sha256 (If-None-Match → 304).",
    tags: Knowledge,
    ok: { status: 200, description: "The file", mediaType: "application/octet-stream" },
    errors: [404],
  }),
  routeDoc("put", "/v1/sites/{siteId}/knowledge/{path}", {
    summary: "Upload a knowledge index file (stage), or publish with manifest.json",
    description:
      "Upload every file the manifest lists, then PUT `manifest.json` last: it publishes the whole version at once, or nothing (422 when files are missing or do not match).",
    tags: Knowledge,
    security: "admin",
    rawBody: "application/octet-stream",
    ok: {
      status: 201,
      description: "Staged (a file) or published (manifest.json)",
      schema: z.union([FileStaged, IndexPublished]),
    },
    errors: [400, 401, 404, 413, 422],
  }),
  routeDoc("get", "/v1/media/{siteId}/{documentId}", {
    summary: "A document sent in a message (signed, expiring link)",
    tags: Knowledge,
    query: z.object({ exp: z.string(), sig: z.string() }),
    ok: { status: 200, description: "The document", mediaType: "application/octet-stream" },
    errors: [401, 404, 410],
  }),
  routeDoc("post", "/v1/webhooks/twilio/status", {
    summary: "Twilio delivery reports for messages and calls",
    description: "Form-encoded; X-Twilio-Signature is checked. `outbox` names the message.",
    tags: ["Webhooks"],
    query: z.object({ outbox: z.string() }),
    rawBody: "application/x-www-form-urlencoded",
    ok: { status: 204, description: "Recorded" },
    errors: [400, 403, 404],
  }),
  routeDoc("get", "/healthz", {
    summary: "Liveness and database reachability",
    tags: Ops,
    ok: { status: 200, description: "Up, with the sites it serves", schema: Health },
    errors: [503],
  }),
  routeDoc("get", "/metrics", {
    summary: "Prometheus metrics",
    tags: Ops,
    ok: { status: 200, description: "Prometheus text format", mediaType: "text/plain" },
  }),
  routeDoc("get", "/v1/openapi.json", {
    summary: "This document",
    tags: Ops,
    ok: { status: 200, description: "OpenAPI 3.1", schema: z.record(z.string(), z.unknown()) },
  }),
  routeDoc("get", "/v1/docs", {
    summary: "API reference page (Scalar) for this document",
    tags: Ops,
    ok: { status: 200, description: "HTML page", mediaType: "text/html" },
  }),
];
