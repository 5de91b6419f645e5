/** The relay on a real listening socket (127.0.0.1): health, metrics, OpenAPI, headers, the API. */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionAccepted, CreateSessionResponse } from "@parley/protocol";
import {
  ORIGIN,
  snapshotDatabase,
  startTestRelay,
  type DbKind,
  type TestRelay,
} from "./testing/test-relay";

describe.each<DbKind>(["memory", "file"])("listening relay on a %s database", (db) => {
  let relay: TestRelay;
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    relay = await startTestRelay({ db });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: relay.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await relay.dispose();
  });

  it("reports health with the database reachable", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, sites: ["techcorp"] });
  });

  it("takes a session and an action over HTTP, with security headers and CORS for the site", async () => {
    const created = await fetch(`${base}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ siteId: "techcorp" }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(created.headers.get("x-content-type-options")).toBe("nosniff");
    expect(created.headers.get("strict-transport-security")).toContain("max-age");
    const { token, sessionId } = CreateSessionResponse.parse(await created.json());
    const row = await relay.store.client.execute({
      sql: "select ip_hash from sessions where id = ?",
      args: [sessionId],
    });
    expect(String(row.rows[0]!.ip_hash)).toMatch(/^ip_[0-9a-f]{12}$/); // keyed hash of 127.0.0.1, never the address
    const res = await fetch(`${base}/v1/actions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        type: "create_ticket",
        idempotencyKey: "listen-ticket-1",
        params: { issue_type: "billing", priority: "medium", summary: "Charged twice" },
      }),
    });
    expect(res.status).toBe(202);
    expect(ActionAccepted.parse(await res.json()).status).toBe("done");
  });

  it("refuses an oversized body by its declared length or, chunked, by counting; writes nothing", async () => {
    const created = await fetch(`${base}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ siteId: "techcorp" }),
    });
    const { token } = CreateSessionResponse.parse(await created.json());
    const before = await snapshotDatabase(relay);
    const huge = JSON.stringify({
      type: "create_ticket",
      idempotencyKey: "listen-huge-1",
      params: { issue_type: "billing", priority: "medium", summary: "x".repeat(200_000) },
    });
    const headers = {
      "content-type": "application/json",
      origin: ORIGIN,
      authorization: `Bearer ${token}`,
    };
    const declared = await fetch(`${base}/v1/actions`, { method: "POST", headers, body: huge });
    // A stream body has no declared length: Node sends it chunked.
    const chunked = await fetch(`${base}/v1/actions`, {
      method: "POST",
      headers,
      body: new Blob([huge]).stream(),
      duplex: "half",
    } as RequestInit);
    for (const res of [declared, chunked]) {
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
    }
    expect(await snapshotDatabase(relay)).toEqual(before);
  });

  it("exposes Prometheus metrics: requests by route, latency, outbox depth", async () => {
    await fetch(`${base}/healthz`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /parley_relay_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(text).toContain("parley_relay_http_request_duration_seconds_bucket");
    expect(text).toContain("# TYPE parley_relay_outbox_rows gauge");
    expect(text).toContain("parley_relay_outbox_sends_total");
  });

  it("serves an OpenAPI document generated from the protocol schemas", async () => {
    const doc = await (await fetch(`${base}/v1/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/sessions",
        "/v1/sessions/{id}/events",
        "/v1/actions",
        "/v1/actions/{id}",
        "/v1/orders/{orderId}",
      ]),
    );
    expect(JSON.stringify(doc.components.schemas.ActionRequest)).toContain("send_whatsapp");
  });
});
