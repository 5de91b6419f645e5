/**
 * The outbox against a provider that fails the way real ones do: 5xx bursts then recovery,
 * permanent 4xx refusals, and a crash between "provider accepted" and "relay recorded it".
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ActionAccepted, ActionResult } from "@parley/protocol";
import { startFakeProviders, type FakeProviders } from "./testing/fake-providers";
import { authed, startTestRelay, type DbKind, type TestRelay } from "./testing/test-relay";

const PHONE = "+919876543210";
const TEN_MINUTES = 10 * 60 * 1000;

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});

describe.each<DbKind>(["memory", "file"])("outbox on a %s database", (db) => {
  let relay: TestRelay;
  let token: string;

  beforeEach(async () => {
    fake.reset();
    relay = await startTestRelay({ db, fake, options: { sessionTtlMs: 24 * 60 * 60 * 1000 } });
    token = (await relay.openSession()).token;
  });
  afterEach(async () => {
    await relay.dispose();
  });

  const sms = (key: string, to = PHONE) => ({
    type: "send_sms",
    idempotencyKey: key,
    params: { to, template: "order_tracking", orderId: "ORD98765" },
  });
  async function act(body: unknown) {
    const res = await relay.request("/v1/actions", authed(token, body));
    expect(res.status).toBe(202);
    return ActionAccepted.parse(await res.json()).actionId;
  }
  async function result(actionId: string) {
    return ActionResult.parse(
      await (
        await relay.request(`/v1/actions/${actionId}`, authed(token, undefined, "GET"))
      ).json(),
    );
  }
  const outboxRow = async () => (await relay.store.client.execute("select * from outbox")).rows[0]!;

  it("retries 500s with backoff and sends once when Twilio recovers", async () => {
    fake.failNext("twilio.messages", 2, 500);
    const actionId = await act(sms("retry-sms-1"));
    await relay.drain();
    expect(fake.hits["twilio.messages"]).toBe(1);
    expect(await outboxRow()).toMatchObject({ status: "queued", attempts: 1 });
    expect(String((await outboxRow()).last_error)).toContain("Internal Server Error");
    expect(Number((await outboxRow()).next_attempt_at)).toBeGreaterThan(relay.clock.now);

    relay.clock.advance(TEN_MINUTES);
    await relay.drain();
    relay.clock.advance(TEN_MINUTES);
    await relay.drain();
    expect(fake.hits["twilio.messages"]).toBe(3);
    expect(fake.messages).toHaveLength(1);
    expect(await outboxRow()).toMatchObject({ status: "sent", attempts: 3, provider: "twilio" });
    expect((await result(actionId)).status).toBe("sent");
  });

  it("marks a permanent 4xx refusal failed at once, with a readable error on the action", async () => {
    fake.refuseRecipient("+919812345678");
    const actionId = await act(sms("refused-sms-1", "+919812345678"));
    await relay.drain();
    relay.clock.advance(TEN_MINUTES);
    await relay.drain();
    expect(fake.hits["twilio.messages"]).toBe(1);
    expect(await outboxRow()).toMatchObject({ status: "failed", attempts: 1 });
    const r = await result(actionId);
    expect(r.status).toBe("failed");
    expect(r.error).toMatchObject({ code: "delivery_failed", retryable: false });
    expect(r.error!.message).not.toContain("9812345678");
  });

  it("gives up after the maximum number of attempts", async () => {
    fake.failNext("twilio.messages", 50, 503);
    const actionId = await act(sms("always-down-1"));
    for (let i = 0; i < 12; i++) {
      await relay.drain();
      relay.clock.advance(TEN_MINUTES);
    }
    expect(fake.hits["twilio.messages"]).toBe(8);
    expect(await outboxRow()).toMatchObject({ status: "failed", attempts: 8 });
    expect((await result(actionId)).status).toBe("failed");
  });

  it("retries a Resend 500 under the same idempotency key and sends one email", async () => {
    fake.failNext("resend.emails", 1, 500);
    await act({
      type: "send_email",
      idempotencyKey: "email-retry-1",
      params: { to: "user@example.com", template: "order_update", orderId: "ORD98765" },
    });
    await relay.drain();
    relay.clock.advance(TEN_MINUTES);
    await relay.drain();
    expect(fake.hits["resend.emails"]).toBe(2);
    expect(fake.emails).toHaveLength(1);
    expect(fake.emails[0]!.idempotencyKey).toBe((await outboxRow()).id);
  });

  it("after a crash between sending and recording, finds the earlier send instead of repeating it", async () => {
    await act(sms("crash-window-sms"));
    await act({
      type: "send_email",
      idempotencyKey: "crash-window-email",
      params: { to: "user@example.com", template: "order_update", orderId: "ORD98765" },
    });
    await relay.drain();
    expect(fake.messages).toHaveLength(1);
    expect(fake.emails).toHaveLength(1);
    const before = (
      await relay.store.client.execute("select id, provider_id from outbox order by channel")
    ).rows;
    // What a SIGKILL right after the provider answered leaves behind: rows still 'sending',
    // claimed by a worker that no longer exists, provider ids not recorded.
    await relay.store.client.execute({
      sql: "update outbox set status = 'sending', claimed_by = 'wrk_dead', claim_expires_at = ?, provider_id = null",
      args: [relay.clock.now + 60_000],
    });
    await relay.drain();
    expect(fake.messages).toHaveLength(1); // lease not expired yet: nobody touches the rows
    relay.clock.advance(61_000);
    await relay.drain();
    expect(fake.messages).toHaveLength(1);
    expect(fake.emails).toHaveLength(1);
    const after = (
      await relay.store.client.execute(
        "select id, provider_id, status from outbox order by channel",
      )
    ).rows;
    expect(after.map((r) => [r.id, r.provider_id, r.status])).toEqual(
      before.map((r) => [r.id, r.provider_id, "sent"]),
    );
  });
});
