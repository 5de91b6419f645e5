/**
 * Every widget endpoint, end to end through the real Twilio and Resend SDKs against the local
 * fake provider server, on both an in-memory and a file database.
 */
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ActionAccepted, ActionResult, CreateSessionResponse, Order } from "@parley/protocol";
import { startFakeProviders, type FakeProviders } from "./testing/fake-providers";
import {
  ADMIN_TOKEN,
  ORIGIN,
  authed,
  startTestRelay,
  techcorpSite,
  type DbKind,
  type TestRelay,
} from "./testing/test-relay";
import { uploadFixtureIndex } from "./testing/upload";
import { CATALOG_PDF, knowledgeUpload } from "./testing/knowledge-fixture";

const PHONE = "+919876543210";

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});

describe.each<DbKind>(["memory", "file"])("widget API on a %s database", (db) => {
  let relay: TestRelay;
  let token: string;
  let sessionId: string;

  beforeEach(async () => {
    fake.reset();
    relay = await startTestRelay({ db, fake });
    const session = CreateSessionResponse.parse(
      await relay.openSession({ visitorId: "visitor-1", mode: "lite" }),
    );
    token = session.token;
    sessionId = session.sessionId;
  });
  afterEach(async () => {
    await relay.dispose();
  });

  async function act(body: unknown) {
    const res = await relay.request("/v1/actions", authed(token, body));
    expect(res.status, await res.clone().text()).toBe(202);
    return ActionAccepted.parse(await res.json());
  }
  async function result(actionId: string) {
    const res = await relay.request(`/v1/actions/${actionId}`, authed(token, undefined, "GET"));
    expect(res.status).toBe(200);
    return ActionResult.parse(await res.json());
  }

  it("sends the order-tracking SMS through Twilio exactly as the brief words it", async () => {
    const accepted = await act({
      type: "send_sms",
      idempotencyKey: "turn-7-sms-1",
      params: { to: PHONE, template: "order_tracking", orderId: "ORD98765" },
    });
    expect(accepted).toMatchObject({ status: "queued", duplicate: false });
    await relay.drain();
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      to: PHONE,
      from: "+15005550006",
      body: "Your order #ORD98765 is out for delivery. Track here: https://track.techcorp.example/TRK123456 ETA: Today 6 PM - TechCorp",
    });
    expect(fake.messages[0]!.statusCallback).toMatch(
      /^https:\/\/relay\.techcorp\.example\/v1\/webhooks\/twilio\/status\?outbox=msg_/,
    );
    expect(await result(accepted.actionId)).toMatchObject({ status: "sent", type: "send_sms" });
  });

  it("answers a repeated idempotency key with the first action and sends nothing new", async () => {
    const body = {
      type: "send_sms",
      idempotencyKey: "turn-7-sms-1",
      params: { to: PHONE, template: "order_tracking", orderId: "ORD98765" },
    };
    const first = await act(body);
    const second = await act(body);
    expect(second).toEqual({ actionId: first.actionId, status: "queued", duplicate: true });
    await relay.drain();
    expect(fake.messages).toHaveLength(1);
    const reused = await relay.request(
      "/v1/actions",
      authed(token, { ...body, params: { ...body.params, orderId: "ORD12345" } }),
    );
    expect(reused.status).toBe(409);
  });

  it("emails the order update through Resend with an idempotency key and the order details", async () => {
    const accepted = await act({
      type: "send_email",
      idempotencyKey: "turn-7-email",
      params: { to: "user@example.com", template: "order_update", orderId: "ORD98765" },
    });
    await relay.drain();
    expect(fake.emails).toHaveLength(1);
    const email = fake.emails[0]!;
    expect(email.subject).toBe("Your Order #ORD98765 - Delivery Update");
    expect(email.to).toEqual(["user@example.com"]);
    expect(email.from).toBe("TechCorp Support <support@techcorp.example>");
    expect(email.html).toContain("TRK123456");
    expect(email.html).toContain("Today, 6 PM");
    expect(email.text).toContain("Out for Delivery");
    expect(email.idempotencyKey).toMatch(/^msg_/);
    expect((await result(accepted.actionId)).status).toBe("sent");
  });

  it("emails the refund policy text from the uploaded knowledge base", async () => {
    await uploadFixtureIndex(relay);
    await act({
      type: "send_email",
      idempotencyKey: "turn-2-email",
      params: { to: "user@example.com", template: "document", documentId: "refund_policy" },
    });
    await relay.drain();
    expect(fake.emails[0]!.subject).toBe("TechCorp Refund Policy");
    expect(fake.emails[0]!.html).toContain("30-day money-back guarantee");
    expect(fake.emails[0]!.html).toContain("5-7 business days");
  });

  it("emails a document's text from the index's chunks when its source file is not uploaded", async () => {
    const { files, manifest } = knowledgeUpload();
    const chunks = Buffer.from(
      JSON.stringify({
        formatVersion: 1,
        chunks: [
          {
            id: "warranty#0",
            doc: 2,
            section: "Warranty",
            text: "Every laptop has a two-year warranty.",
          },
          { id: "refund_policy#0", doc: 0, section: "Refunds", text: "Not this one." },
        ],
      }),
    );
    const withChunks = {
      ...manifest,
      files: [
        ...manifest.files,
        {
          path: "chunks.json",
          bytes: chunks.length,
          sha256: createHash("sha256").update(chunks).digest("hex"),
        },
      ],
      documents: [
        ...manifest.documents,
        {
          id: "warranty",
          title: "Warranty",
          source: "warranty.pdf",
          mediaType: "application/pdf",
          attachable: false,
        },
      ],
    };
    const put = (path: string, body: Buffer) =>
      relay.request(`/v1/sites/techcorp/knowledge/${path}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: new Uint8Array(body),
      });
    for (const [path, bytes] of Object.entries({ ...files, "chunks.json": chunks }))
      expect((await put(path, bytes)).status).toBe(201);
    expect((await put("manifest.json", Buffer.from(JSON.stringify(withChunks)))).status).toBe(201);
    await act({
      type: "send_email",
      idempotencyKey: "turn-9-email",
      params: { to: "user@example.com", template: "document", documentId: "warranty" },
    });
    await relay.drain();
    expect(fake.emails[0]!.subject).toBe("TechCorp Warranty");
    expect(fake.emails[0]!.html).toContain("Every laptop has a two-year warranty.");
    expect(fake.emails[0]!.html).not.toContain("Not this one.");
  });

  it("sends the catalog on WhatsApp with a signed, expiring link to the PDF", async () => {
    await uploadFixtureIndex(relay);
    const accepted = await act({
      type: "send_whatsapp",
      idempotencyKey: "turn-3-wa",
      params: { to: PHONE, template: "catalog" },
    });
    await relay.drain();
    expect(fake.messages).toHaveLength(1);
    const message = fake.messages[0]!;
    expect(message.to).toBe(`whatsapp:${PHONE}`);
    expect(message.from).toBe("whatsapp:+14155238886");
    expect(message.body).toContain("Here's our product catalog as requested.");
    expect(message.body).toContain("TechCorp Team");
    expect(message.mediaUrls).toHaveLength(1);
    const link = new URL(message.mediaUrls[0]!);
    expect(link.origin).toBe("https://relay.techcorp.example");
    const served = await relay.request(link.pathname + link.search);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await served.arrayBuffer()).equals(CATALOG_PDF)).toBe(true);
    expect((await result(accepted.actionId)).result).toMatchObject({ media: true });
    const forged = await relay.request(link.pathname + link.search.replace(/sig=./, "sig=A"));
    expect(forged.status).toBe(401);
    relay.clock.advance(25 * 60 * 60 * 1000);
    expect((await relay.request(link.pathname + link.search)).status).toBe(410);
  });

  it("schedules a callback: confirmation SMS now, the Twilio call at the due time, lead updated", async () => {
    await relay.dispose();
    relay = await startTestRelay({
      db,
      fake,
      site: techcorpSite({ messaging: { ...techcorpSite().messaging, voiceFrom: "+15005550007" } }),
    });
    token = (await relay.openSession()).token;
    const accepted = await act({
      type: "schedule_callback",
      idempotencyKey: "turn-2-cb",
      params: { phone: PHONE, time: "2025-10-06T10:00:00+05:30" },
    });
    await relay.drain();
    expect(fake.messages.map((m) => m.body)).toEqual([
      "Your callback is scheduled for tomorrow at 10 AM. We'll call you then. - TechCorp",
    ]);
    expect(fake.calls).toHaveLength(0);
    const { result: r } = await result(accepted.actionId);
    expect(r).toMatchObject({ time: "2025-10-06T10:00:00+05:30" });
    const lead = await relay.store.client.execute("select * from leads");
    expect(lead.rows[0]).toMatchObject({
      pending_action: "execute_call",
      preferred_channel: "call",
      next_action_time: Date.parse("2025-10-06T10:00:00+05:30"),
    });

    relay.clock.advance(24 * 60 * 60 * 1000); // the next day, 09:00 IST: not due yet
    await relay.drain();
    expect(fake.calls).toHaveLength(0);
    relay.clock.advance(60 * 60 * 1000 + 1000); // 10:00:01 IST
    await relay.drain();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ to: PHONE });
    expect(fake.calls[0]!.twiml).toContain("this is TechCorp calling you back as you requested");
    const cb = await relay.store.client.execute("select status from callbacks");
    expect(cb.rows[0]!.status).toBe("calling");
  });

  it("hands a due callback to the agent queue when the site has no voice number", async () => {
    await act({
      type: "schedule_callback",
      idempotencyKey: "turn-2-cb",
      params: { phone: PHONE, time: "2025-10-05T18:00:00+05:30" },
    });
    relay.clock.advance(9 * 60 * 60 * 1000);
    await relay.drain();
    expect(fake.calls).toHaveLength(0);
    const cb = await relay.store.client.execute("select status from callbacks");
    expect(cb.rows[0]!.status).toBe("queued_for_agent");
    expect(fake.messages[0]!.body).toBe(
      "Your callback is scheduled for today at 6 PM. We'll call you then. - TechCorp",
    );
  });

  it("creates ticket #12345 and resolves it; a visitor cannot touch another visitor's ticket", async () => {
    const created = await act({
      type: "create_ticket",
      idempotencyKey: "turn-6-ticket",
      params: {
        issue_type: "delivery_delay",
        priority: "high",
        summary: "Laptop not received",
        orderId: "ORD98765",
      },
    });
    expect(created.status).toBe("done");
    expect((await result(created.actionId)).result).toMatchObject({
      ticketNumber: "#12345",
      ticketStatus: "open",
    });
    const updated = await act({
      type: "update_ticket",
      idempotencyKey: "turn-7-ticket",
      params: {
        ticket: "#12345",
        status: "resolved",
        resolution: "Order out for delivery, ETA today 6 PM",
      },
    });
    expect((await result(updated.actionId)).result).toMatchObject({ ticketStatus: "resolved" });
    const lead = await relay.store.client.execute("select last_issue from leads");
    expect(lead.rows[0]!.last_issue).toBe("delivery_delay_resolved");

    const other = await relay.openSession({ visitorId: "visitor-2" });
    const res = await relay.request(
      "/v1/actions",
      authed(other.token, {
        type: "update_ticket",
        idempotencyKey: "other-visitor-1",
        params: { ticket: "#12345", status: "closed" },
      }),
    );
    expect(res.status).toBe(404);
  });

  it("escalates a technical question to John, queues the next one, and assigns it when John is free", async () => {
    const handoff = {
      customer: "user_123",
      conversation_history: [
        { speaker: "visitor", text: "Do you have integration with Salesforce API v2.0?" },
      ],
      query: "Salesforce API v2.0 integration",
      customer_data: { name: "Jane Doe", company: "Acme Corp", phone: PHONE },
      ai_attempted: true,
      reason: "Technical query outside knowledge base",
    };
    const first = await act({
      type: "escalate_to_human",
      idempotencyKey: "turn-2-esc",
      params: { category: "technical", handoff },
    });
    expect((await result(first.actionId)).result).toMatchObject({
      agent: "John",
      agentId: "agent_45",
      state: "assigned",
    });
    const other = await relay.openSession({ visitorId: "visitor-3" });
    const res = await relay.request(
      "/v1/actions",
      authed(other.token, {
        type: "escalate_to_human",
        idempotencyKey: "other-esc-1",
        params: { category: "technical", handoff },
      }),
    );
    const second = ActionAccepted.parse(await res.json());
    const secondResult = ActionResult.parse(
      await (
        await relay.request(`/v1/actions/${second.actionId}`, authed(other.token, undefined, "GET"))
      ).json(),
    );
    expect(secondResult.result).toMatchObject({ state: "queued", agent: null });

    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const firstId = String((await result(first.actionId)).result!.escalationId);
    expect(
      (
        await relay.request(`/v1/admin/escalations/${firstId}/accept`, {
          method: "POST",
          headers: admin,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await relay.request(`/v1/admin/escalations/${firstId}/end`, {
          method: "POST",
          headers: admin,
        })
      ).status,
    ).toBe(200);
    const open = await (
      await relay.request("/v1/admin/sites/techcorp/escalations", { headers: admin })
    ).json();
    expect(open.escalations).toEqual([
      expect.objectContaining({
        id: secondResult.result!.escalationId,
        state: "assigned",
        agentId: "agent_45",
      }),
    ]);
    const session = await relay.store.client.execute({
      sql: "select status from sessions where id = ?",
      args: [sessionId],
    });
    expect(session.rows[0]!.status).toBe("waiting_for_human");
  });

  it("looks up orders from the built-in table", async () => {
    const res = await relay.request("/v1/orders/ORD98765", authed(token, undefined, "GET"));
    expect(res.status).toBe(200);
    expect(Order.parse(await res.json())).toMatchObject({
      status: "Out for Delivery",
      estimated_delivery: "Today, 6 PM",
      tracking_id: "TRK123456",
    });
    expect(
      (await relay.request("/v1/orders/ORD00000", authed(token, undefined, "GET"))).status,
    ).toBe(404);
  });

  it("records call events once, including a sendBeacon replay, into the call and the conversation log", async () => {
    const events = [
      { type: "call_started", seq: 0, at: relay.clock.now, mode: "lite" },
      {
        type: "turn_ended",
        seq: 1,
        at: relay.clock.now + 5000,
        turnId: "t1",
        user_text: "What is your refund policy?",
        agent_text: "We offer a 30-day money-back guarantee.",
        intent: "policy_query",
        stage: "resolution",
        status: "active",
        used_knowledge: true,
        retrieved_docs: 3,
        top_score: 0.92,
        missing_info: [],
        sentiment: "neutral",
        pending_actions: [],
        timings: { stt_ms: 800, voice_to_voice_ms: 1800 },
        brain: "lite",
      },
    ];
    const res = await relay.request(`/v1/sessions/${sessionId}/events`, authed(token, { events }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 2, duplicates: 0 });
    // sendBeacon: text/plain, token in the body, no Authorization header; replays seq 1.
    const beacon = await relay.request(`/v1/sessions/${sessionId}/events`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
      body: JSON.stringify({
        token,
        events: [
          events[1],
          {
            type: "call_ended",
            seq: 2,
            at: relay.clock.now + 15000,
            reason: "completed",
            rating: 5,
          },
        ],
      }),
    });
    expect(beacon.status).toBe(200);
    expect(await beacon.json()).toEqual({ stored: 1, duplicates: 1 });
    const messages = await relay.store.client.execute(
      "select speaker, text from messages order by id",
    );
    expect(messages.rows.map((r) => [r.speaker, r.text])).toEqual([
      ["visitor", "What is your refund policy?"],
      ["agent", "We offer a 30-day money-back guarantee."],
    ]);
    const call = await relay.store.client.execute({
      sql: "select * from sessions where id = ?",
      args: [sessionId],
    });
    expect(call.rows[0]).toMatchObject({
      status: "ended",
      resolution: "autonomous",
      duration_ms: 15000,
      rating: 5,
      intent: "policy_query",
      turn_count: 1,
    });
  });

  it("keeps messages in the dev outbox, marked not sent, when no provider is configured", async () => {
    const bare = await startTestRelay({ db });
    try {
      const session = await bare.openSession();
      const res = await bare.request(
        "/v1/actions",
        authed(session.token, {
          type: "send_sms",
          idempotencyKey: "dev-sms-1",
          params: { to: PHONE, template: "order_tracking", orderId: "ORD98765" },
        }),
      );
      const { actionId } = ActionAccepted.parse(await res.json());
      await bare.drain();
      const row = await bare.store.client.execute("select status, provider, body from outbox");
      expect(row.rows[0]).toMatchObject({ status: "dev_outbox", provider: "dev" });
      expect(String(row.rows[0]!.body)).toContain("ORD98765");
      const r = ActionResult.parse(
        await (
          await bare.request(`/v1/actions/${actionId}`, authed(session.token, undefined, "GET"))
        ).json(),
      );
      expect(r).toMatchObject({ status: "done", result: { delivery: "dev_outbox" } });
      expect(fake.messages).toHaveLength(0);
    } finally {
      await bare.dispose();
    }
  });

  it("answers CORS preflight only for allowed origins", async () => {
    const ok = await relay.request("/v1/actions", {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const foreign = await relay.request("/v1/actions", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(foreign.status).toBe(403);
  });
});
