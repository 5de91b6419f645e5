import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { backoffDelay } from "@parley/protocol";
import { CallRecorder } from "./call-recorder";
import { RelayClient } from "./relay-client";
import { RelayError } from "./relay-errors";

/** A scripted relay on 127.0.0.1: each request is answered by the next handler in the script. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}
type Handler = (seen: Seen, res: ServerResponse) => void;

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function scriptedRelay(script: Handler[]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    req.on("end", () => {
      const entry = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: raw ? JSON.parse(raw) : null,
      };
      seen.push(entry);
      const handler =
        script.shift() ??
        ((_, r) =>
          json(r, 500, { error: { code: "x", message: "script ended", retryable: false } }));
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const fastBackoff = { retries: 3, baseMs: 1, maxMs: 4, random: () => 0 };
const session = { sessionId: "s_1", token: "tok.en", expiresAt: "2030-01-01T00:00:00Z" };
const whatsapp = {
  type: "send_whatsapp" as const,
  idempotencyKey: "s_1:turn_2:send_whatsapp",
  params: { to: "+919876543210", template: "catalog" as const },
};

describe("RelayClient", () => {
  it("retries 503s with the same idempotency key and returns the accepted action", async () => {
    const relay = await scriptedRelay([
      (_, r) => json(r, 200, session),
      (_, r) => json(r, 503, { error: { code: "busy", message: "try later", retryable: true } }),
      (_, r) => r.destroy(), // connection dropped mid-request
      (_, r) => json(r, 202, { actionId: "a_1", status: "queued", duplicate: false }),
    ]);
    const client = new RelayClient({ baseUrl: relay.url, backoff: fastBackoff });
    await client.createSession({ siteId: "techcorp", mode: "lite" });
    await expect(client.sendAction(whatsapp)).resolves.toEqual({
      actionId: "a_1",
      status: "queued",
      duplicate: false,
    });
    const posts = relay.seen.filter((s) => s.url === "/v1/actions");
    expect(posts).toHaveLength(3);
    expect(
      new Set(posts.map((p) => (p.body as { idempotencyKey: string }).idempotencyKey)),
    ).toEqual(new Set([whatsapp.idempotencyKey]));
    expect(posts[0]!.headers.authorization).toBe("Bearer tok.en");
  });

  it("does not retry a 4xx and reports it as not retryable", async () => {
    const relay = await scriptedRelay([
      (_, r) => json(r, 200, session),
      (_, r) =>
        json(r, 422, {
          error: {
            code: "country_not_allowed",
            message: "WhatsApp to +1 is not allowed",
            retryable: false,
          },
        }),
    ]);
    const client = new RelayClient({ baseUrl: relay.url, backoff: fastBackoff });
    await client.createSession({ siteId: "techcorp" });
    const error = await client.sendAction(whatsapp).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: "country_not_allowed", retryable: false, status: 422 });
    expect(relay.seen.filter((s) => s.url === "/v1/actions")).toHaveLength(1);
  });

  it("says the relay is unreachable after its retries when nothing listens", async () => {
    const relay = await scriptedRelay([]);
    const url = relay.url;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    const client = new RelayClient({ baseUrl: url, backoff: fastBackoff });
    await expect(client.createSession({ siteId: "techcorp" })).rejects.toMatchObject({
      code: "relay_unreachable",
      retryable: true,
      status: null,
    });
  });

  it("rejects a response that does not match the protocol", async () => {
    const relay = await scriptedRelay([(_, r) => json(r, 200, { sessionId: "s", token: 5 })]);
    const client = new RelayClient({ baseUrl: relay.url, backoff: fastBackoff });
    await expect(client.createSession({ siteId: "techcorp" })).rejects.toMatchObject({
      code: "bad_response",
    });
  });

  it("returns null for an unknown order and the order for a known one", async () => {
    const relay = await scriptedRelay([
      (_, r) =>
        json(r, 404, { error: { code: "not_found", message: "no such order", retryable: false } }),
      (_, r) =>
        json(r, 200, {
          order_id: "ORD98765",
          status: "Out for Delivery",
          estimated_delivery: "Today, 6 PM",
        }),
    ]);
    const client = new RelayClient({ baseUrl: relay.url, backoff: fastBackoff });
    await expect(client.lookupOrder("ORD00000")).resolves.toBeNull();
    await expect(client.lookupOrder("ORD98765")).resolves.toMatchObject({
      status: "Out for Delivery",
    });
  });
});

describe("CallRecorder", () => {
  it("numbers events per session and resends the same numbers after a failure", async () => {
    const relay = await scriptedRelay([
      (_, r) => json(r, 200, session),
      (_, r) => json(r, 503, {}),
      (_, r) => json(r, 503, {}),
      (_, r) => json(r, 503, {}),
      (_, r) => json(r, 503, {}),
      (_, r) => json(r, 200, { accepted: 3 }),
    ]);
    const client = new RelayClient({ baseUrl: relay.url, backoff: fastBackoff });
    await client.createSession({ siteId: "techcorp" });
    const errors: RelayError[] = [];
    const recorder = new CallRecorder(client, (e) => errors.push(e));
    recorder.record({ type: "call_started", at: 1, mode: "lite" });
    recorder.record({ type: "turn_started", at: 2, turnId: "t1" });
    await recorder.flush();
    expect(errors).toHaveLength(1); // 1 try + 3 retries, all 503
    expect(recorder.queued).toBe(2);
    recorder.record({ type: "rating", at: 3, rating: 5 });
    await recorder.flush();
    const batches = relay.seen
      .filter((s) => s.url.endsWith("/events"))
      .map((s) => (s.body as { events: { seq: number }[] }).events.map((e) => e.seq));
    expect(batches.at(0)).toEqual([0, 1]);
    expect(batches.at(-1)).toEqual([0, 1, 2]);
    expect(recorder.queued).toBe(0);
  });

  it("hands the rest to sendBeacon on page hide with the token in the body", async () => {
    const relay = await scriptedRelay([(_, r) => json(r, 200, session)]);
    const client = new RelayClient({ baseUrl: relay.url, backoff: fastBackoff });
    await client.createSession({ siteId: "techcorp" });
    const recorder = new CallRecorder(client, () => {}, 60_000);
    recorder.record({ type: "turn_started", at: 2, turnId: "t1" });
    const beacons: { url: string; body: string }[] = [];
    const sent = recorder.beacon(
      { type: "call_ended", at: 3, reason: "abandoned" },
      (url, data) => {
        void data.text().then((body) => beacons.push({ url, body }));
        return true;
      },
    );
    expect(sent).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(beacons[0]!.url).toBe(`${relay.url}/v1/sessions/s_1/events`);
    expect(JSON.parse(beacons[0]!.body)).toMatchObject({
      token: "tok.en",
      events: [
        { seq: 0, type: "turn_started" },
        { seq: 1, type: "call_ended", reason: "abandoned" },
      ],
    });
  });
});

describe("backoffDelay", () => {
  it("doubles up to the cap and keeps at least half of it", () => {
    const lo = { baseMs: 100, maxMs: 1000, random: () => 0 };
    const hi = { ...lo, random: () => 1 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, hi))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(2, lo)).toBe(200);
  });
});
