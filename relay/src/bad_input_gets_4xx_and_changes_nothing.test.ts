/**
 * Hostile and broken input: every case gets a 4xx with an ApiError body that says what is wrong,
 * and the database is byte-for-byte what it was before the request (no row, no counter).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import twilio from "twilio";
import { ApiError } from "@parley/protocol";
import { startFakeProviders, type FakeProviders } from "./testing/fake-providers";
import {
  ADMIN_TOKEN,
  ORIGIN,
  authed,
  snapshotDatabase,
  startTestRelay,
  type DbKind,
  type TestRelay,
} from "./testing/test-relay";
import { signSessionToken } from "./tokens";

const PHONE = "+919876543210";
const sms = (key: string, to = PHONE) => ({
  type: "send_sms",
  idempotencyKey: key,
  params: { to, template: "order_tracking", orderId: "ORD98765" },
});

interface Case {
  name: string;
  status: number;
  code?: string;
  /** Work that may change the database before the snapshot (filling a rate limit). */
  setup?: (r: TestRelay, token: string) => Promise<void>;
  attempt: (r: TestRelay, token: string, sessionId: string) => Promise<Response>;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

const CASES: Case[] = [
  {
    name: "session: siteId of the wrong type",
    status: 400,
    code: "invalid_body",
    attempt: (r) => r.request("/v1/sessions", json({ siteId: 42 })),
  },
  {
    name: "session: unknown site",
    status: 404,
    code: "unknown_site",
    attempt: (r) => r.request("/v1/sessions", json({ siteId: "evilcorp" })),
  },
  {
    name: "session: foreign origin",
    status: 403,
    code: "origin_not_allowed",
    attempt: (r) =>
      r.request("/v1/sessions", json({ siteId: "techcorp" }, { origin: "https://evil.example" })),
  },
  {
    name: "session: no origin (not a browser on an allowed site)",
    status: 403,
    code: "origin_required",
    attempt: (r) =>
      r.request("/v1/sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ siteId: "techcorp" }),
      }),
  },
  {
    name: "session: not JSON",
    status: 400,
    code: "invalid_json",
    attempt: (r) => r.request("/v1/sessions", json("{siteId: techcorp")),
  },
  {
    name: "session: wrong content type",
    status: 415,
    attempt: (r) =>
      r.request("/v1/sessions", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        body: "siteId=techcorp",
      }),
  },
  {
    name: "session: unknown field",
    status: 400,
    attempt: (r) => r.request("/v1/sessions", json({ siteId: "techcorp", admin: true })),
  },
  {
    name: "session: per-IP limit overflow",
    status: 429,
    code: "rate_limited",
    setup: async (r) => {
      for (let i = 0; i < 4; i++) await r.openSession(); // 1 session already open + 4 = the limit of 5
    },
    attempt: (r) => r.request("/v1/sessions", json({ siteId: "techcorp" })),
  },
  {
    name: "action: phone of the wrong type",
    status: 400,
    code: "invalid_body",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, { ...sms("bad-type-1"), params: { to: 9876543210, template: "order_tracking" } }),
      ),
  },
  {
    name: "action: browser-written message body",
    status: 400,
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          ...sms("body-1"),
          params: { ...sms("x").params, body: "Win a prize! http://spam" },
        }),
      ),
  },
  {
    name: "action: unknown type",
    status: 400,
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, { type: "send_fax", idempotencyKey: "fax-00001", params: {} }),
      ),
  },
  {
    name: "action: huge body",
    status: 413,
    code: "body_too_large",
    attempt: (r, t) =>
      r.request("/v1/actions", authed(t, { ...sms("huge-1"), pad: "x".repeat(200_000) })),
  },
  {
    name: "action: no token",
    status: 401,
    code: "token_missing",
    attempt: (r) => r.request("/v1/actions", json(sms("no-token-1"))),
  },
  {
    name: "action: malformed token",
    status: 401,
    code: "token_malformed",
    attempt: (r) => r.request("/v1/actions", authed("not-a-token", sms("malformed-1"))),
  },
  {
    name: "action: forged token (signed with another key)",
    status: 401,
    code: "token_forged",
    attempt: (r, _t, sid) =>
      r.request(
        "/v1/actions",
        authed(
          signSessionToken("another-secret-another-secret-xx", {
            sid,
            site: "techcorp",
            origin: ORIGIN,
            exp: r.clock.now + 60_000,
          }),
          sms("forged-1"),
        ),
      ),
  },
  {
    name: "action: token with a tampered payload",
    status: 401,
    code: "token_forged",
    attempt: (r, t) => {
      const [v, , sig] = t.split(".");
      const payload = Buffer.from(
        JSON.stringify({
          sid: "ses_other",
          site: "techcorp",
          origin: ORIGIN,
          exp: r.clock.now + 1e9,
        }),
      ).toString("base64url");
      return r.request("/v1/actions", authed(`${v}.${payload}.${sig}`, sms("tampered-1")));
    },
  },
  {
    name: "action: expired token",
    status: 401,
    code: "token_expired",
    setup: async (r) => r.clock.advance(2 * 60 * 60 * 1000 + 1),
    attempt: (r, t) => r.request("/v1/actions", authed(t, sms("expired-1"))),
  },
  {
    name: "action: token used from another origin",
    status: 403,
    code: "origin_mismatch",
    setup: async (r) =>
      void r.ctx.sites.get("techcorp")!.allowedOrigins.push("http://localhost:4173"),
    attempt: (r, t) =>
      r.request("/v1/actions", {
        ...authed(t, sms("other-origin-1")),
        headers: {
          "content-type": "application/json",
          origin: "http://localhost:4173",
          authorization: `Bearer ${t}`,
        },
      }),
  },
  {
    name: "action: SMS to a disallowed country",
    status: 403,
    code: "country_not_allowed",
    attempt: (r, t) => r.request("/v1/actions", authed(t, sms("us-sms-1", "+14155550123"))),
  },
  {
    name: "action: WhatsApp to a disallowed country",
    status: 403,
    code: "country_not_allowed",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          type: "send_whatsapp",
          idempotencyKey: "uk-wa-001",
          params: { to: "+447911123456", template: "catalog" },
        }),
      ),
  },
  {
    name: "action: impossible phone number",
    status: 400,
    code: "invalid_phone",
    attempt: (r, t) => r.request("/v1/actions", authed(t, sms("bad-phone-1", "+910000000000"))),
  },
  {
    name: "action: unknown order in template",
    status: 404,
    code: "order_not_found",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          ...sms("no-order-1"),
          params: { to: PHONE, template: "order_tracking", orderId: "ORD00000" },
        }),
      ),
  },
  {
    name: "action: template missing its input",
    status: 400,
    code: "missing_param",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          ...sms("no-time-1"),
          params: { to: PHONE, template: "callback_confirmation" },
        }),
      ),
  },
  {
    name: "action: callback in the past",
    status: 400,
    code: "time_in_past",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          type: "schedule_callback",
          idempotencyKey: "past-cb-1",
          params: { phone: PHONE, time: "2020-01-01T10:00:00+05:30" },
        }),
      ),
  },
  {
    name: "action: update of a ticket that does not exist",
    status: 404,
    code: "ticket_not_found",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          type: "update_ticket",
          idempotencyKey: "no-ticket-1",
          params: { ticket: "#99999", status: "closed" },
        }),
      ),
  },
  {
    name: "action: document not in the index",
    status: 404,
    code: "document_not_found",
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          type: "send_email",
          idempotencyKey: "no-doc-001",
          params: { to: "user@example.com", template: "document", documentId: "secret_plans" },
        }),
      ),
  },
  {
    name: "action: idempotency key reused with other params",
    status: 409,
    code: "idempotency_key_reused",
    setup: async (r, t) => void (await r.request("/v1/actions", authed(t, sms("reused-key-1")))),
    attempt: (r, t) => r.request("/v1/actions", authed(t, sms("reused-key-1", "+919812345678"))),
  },
  {
    name: "action: per-session limit overflow",
    status: 429,
    code: "rate_limited",
    setup: async (r, t) => {
      for (let i = 0; i < 3; i++)
        await r.request(
          "/v1/actions",
          authed(t, {
            type: "create_ticket",
            idempotencyKey: `ticket-fill-${i}`,
            params: { issue_type: "other", priority: "low", summary: "x" },
          }),
        );
    },
    attempt: (r, t) =>
      r.request(
        "/v1/actions",
        authed(t, {
          type: "create_ticket",
          idempotencyKey: "ticket-over-1",
          params: { issue_type: "other", priority: "low", summary: "x" },
        }),
      ),
  },
  {
    name: "action: per-destination daily cap overflow",
    status: 429,
    code: "rate_limited",
    setup: async (r, t) => {
      for (let i = 0; i < 2; i++) await r.request("/v1/actions", authed(t, sms(`dest-fill-${i}`)));
    },
    attempt: (r, t) => r.request("/v1/actions", authed(t, sms("dest-over-1"))),
  },
  {
    name: "action status: another session's action id",
    status: 404,
    attempt: (r, t) => r.request("/v1/actions/act_doesnotexist", authed(t, undefined, "GET")),
  },
  {
    name: "events: seq of the wrong type",
    status: 400,
    attempt: (r, t, sid) =>
      r.request(
        `/v1/sessions/${sid}/events`,
        authed(t, { events: [{ type: "rating", seq: "one", at: 1, rating: 5 }] }),
      ),
  },
  {
    name: "events: huge batch",
    status: 413,
    attempt: (r, t, sid) =>
      r.request(
        `/v1/sessions/${sid}/events`,
        authed(t, {
          events: [
            { type: "agent_said", seq: 1, at: 1, text: "x".repeat(3000), reason: "greeting" },
          ],
          pad: "y".repeat(600_000),
        }),
      ),
  },
  {
    name: "events: token of another session",
    status: 403,
    code: "session_mismatch",
    attempt: (r, t) =>
      r.request(
        "/v1/sessions/ses_someoneelse/events",
        authed(t, { events: [{ type: "rating", seq: 1, at: 1, rating: 5 }] }),
      ),
  },
  {
    name: "events: sendBeacon with a forged body token",
    status: 401,
    attempt: (r, t, sid) =>
      r.request(`/v1/sessions/${sid}/events`, {
        method: "POST",
        headers: { "content-type": "text/plain", origin: ORIGIN },
        body: JSON.stringify({
          token: t.slice(0, -3) + "AAA",
          events: [{ type: "rating", seq: 1, at: 1, rating: 5 }],
        }),
      }),
  },
  {
    name: "order: malformed order id",
    status: 400,
    code: "invalid_order_id",
    attempt: (r, t) => r.request("/v1/orders/ORD%20DROP%20TABLE", authed(t, undefined, "GET")),
  },
  {
    name: "knowledge upload: no admin token",
    status: 401,
    attempt: (r) =>
      r.request("/v1/sites/techcorp/knowledge/index.bin", { method: "PUT", body: "abc" }),
  },
  {
    name: "knowledge upload: wrong admin token",
    status: 401,
    attempt: (r) =>
      r.request("/v1/sites/techcorp/knowledge/index.bin", {
        method: "PUT",
        headers: { authorization: "Bearer guess" },
        body: "abc",
      }),
  },
  {
    name: "knowledge upload: path traversal",
    status: 400,
    code: "invalid_path",
    attempt: (r) =>
      r.request("/v1/sites/techcorp/knowledge/%2e%2e%2fsecrets", {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: "abc",
      }),
  },
  {
    name: "knowledge publish: manifest is not JSON",
    status: 400,
    code: "invalid_manifest",
    attempt: (r) =>
      r.request("/v1/sites/techcorp/knowledge/manifest.json", {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: "{",
      }),
  },
  {
    name: "knowledge publish: manifest lists files never uploaded",
    status: 422,
    code: "manifest_incomplete",
    attempt: (r) =>
      r.request("/v1/sites/techcorp/knowledge/manifest.json", {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({
          formatVersion: 1,
          createdAt: "2025-10-05T09:00:00+05:30",
          embedder: { id: "use-lite", dims: 512 },
          threshold: { noAnswerBelow: 0.5, method: "x" },
          counts: { documents: 0, chunks: 0 },
          files: [{ path: "index.bin", bytes: 3, sha256: "0".repeat(64) }],
          documents: [],
        }),
      }),
  },
  {
    name: "twilio webhook: unsigned",
    status: 403,
    code: "signature_missing",
    attempt: (r) =>
      r.request("/v1/webhooks/twilio/status?outbox=msg_x", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "MessageSid=SM1&MessageStatus=delivered",
      }),
  },
  {
    name: "twilio webhook: forged signature",
    status: 403,
    code: "signature_invalid",
    attempt: (r) => {
      const params = { MessageSid: "SM1", MessageStatus: "delivered" };
      const signature = twilio.getExpectedTwilioSignature(
        "not-the-auth-token",
        "https://relay.techcorp.example/v1/webhooks/twilio/status?outbox=msg_x",
        params,
      );
      return r.request("/v1/webhooks/twilio/status?outbox=msg_x", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature,
        },
        body: new URLSearchParams(params).toString(),
      });
    },
  },
  {
    name: "unknown route",
    status: 404,
    code: "not_found",
    attempt: (r) => r.request("/v1/admin/../../etc/passwd"),
  },
];

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});

describe.each<DbKind>(["memory", "file"])("bad input on a %s database", (db) => {
  let relay: TestRelay;
  let token: string;
  let sessionId: string;
  beforeEach(async () => {
    relay = await startTestRelay({
      db,
      fake,
      limits: { actionsPerSession: 3, messagesPerDestinationPerDay: 2, sessionsPerIpPerHour: 5 },
    });
    const session = await relay.openSession();
    token = session.token;
    sessionId = session.sessionId;
  });
  afterEach(async () => {
    await relay.dispose();
  });

  it.each(CASES)("$name → $status, database unchanged", async (c) => {
    await c.setup?.(relay, token);
    const before = await snapshotDatabase(relay);
    const res = await c.attempt(relay, token, sessionId);
    const text = await res.text();
    expect(res.status, text).toBe(c.status);
    const body = ApiError.parse(JSON.parse(text));
    expect(body.error.message.length).toBeGreaterThan(5);
    if (c.code) expect(body.error.code).toBe(c.code);
    if (c.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await snapshotDatabase(relay)).toEqual(before);
  });
});
