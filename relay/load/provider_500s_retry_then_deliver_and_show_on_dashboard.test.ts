/**
 * A provider that answers 500 a few times and then recovers: the outbox retries with backoff,
 * delivers exactly once, and the visitor's action status and the dashboard's outbox view show
 * each step (attempts, last error, final state). A provider that never recovers ends `failed`,
 * visibly. (The fifty-call run covers the same under load; this pins the states one by one.)
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { DashboardClient, TEST_ADMIN_TOKEN } from "../src/dashboard/test-support";
import { startFakeProviders, type FakeProviders } from "../src/testing/fake-providers";
import { authed, startTestRelay, type TestRelay } from "../src/testing/test-relay";

const PHONE = "+919876543210";
let fake: FakeProviders;
let relay: TestRelay;
let token: string;

beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.messages.length = 0;
  relay = await startTestRelay({ db: "file", fake, options: { adminToken: TEST_ADMIN_TOKEN } });
  token = (await relay.openSession({ mode: "lite" })).token;
});
afterEach(() => relay.dispose());

async function requestSms(key: string) {
  const res = await relay.request(
    "/v1/actions",
    authed(token, {
      type: "send_sms",
      idempotencyKey: key,
      params: { to: PHONE, template: "order_tracking", orderId: "ORD98765" },
    }),
  );
  expect(res.status).toBe(202);
  return ((await res.json()) as { actionId: string }).actionId;
}

const actionStatus = async (id: string) =>
  (await (await relay.request(`/v1/actions/${id}`, authed(token, undefined, "GET"))).json()) as {
    status: string;
    error?: { retryable: boolean };
  };

async function dashboardOutbox(client: DashboardClient) {
  const body = await client.json<{
    outbox: { actionId: string; status: string; attempts: number; lastError: string | null }[];
  }>("GET", "/dashboard/api/outbox");
  return body.outbox;
}

it("retries through three 500s, delivers once, and every step shows on the dashboard", async () => {
  const dashboard = new DashboardClient(relay);
  await dashboard.bootstrap();
  fake.failNext("twilio.messages", 3, 500);
  const actionId = await requestSms("fault-500-then-ok");
  const seen: { status: string; attempts: number; lastError: string | null }[] = [];
  for (let pass = 0; pass < 6; pass++) {
    await relay.worker.runOnce();
    const row = (await dashboardOutbox(dashboard)).find((r) => r.actionId === actionId)!;
    seen.push({ status: row.status, attempts: row.attempts, lastError: row.lastError });
    if (row.status === "sent") break;
    expect((await actionStatus(actionId)).status).toBe("queued");
    relay.clock.advance(10 * 60_000); // past any backoff
  }
  expect(seen.map((s) => s.status)).toEqual(["queued", "queued", "queued", "sent"]);
  expect(seen.slice(0, 3).map((s) => s.attempts)).toEqual([1, 2, 3]);
  expect(seen[0]!.lastError).toMatch(/Internal Server Error/);
  expect(seen[3]).toMatchObject({ attempts: 4, lastError: null });
  expect(fake.hits["twilio.messages"]).toBeGreaterThanOrEqual(4);
  expect(fake.messages.filter((m) => m.to === PHONE)).toHaveLength(1);
  expect((await actionStatus(actionId)).status).toBe("sent");
  // More worker passes send nothing new.
  relay.clock.advance(60 * 60_000);
  await relay.drain();
  expect(fake.messages).toHaveLength(1);
});

it("gives up after the last attempt and shows the failure to the visitor and on the dashboard", async () => {
  fake.failNext("twilio.messages", 20, 500);
  const actionId = await requestSms("fault-500-forever");
  for (let pass = 0; pass < 12; pass++) {
    await relay.worker.runOnce();
    relay.clock.advance(6 * 60_000); // past the longest backoff (5 min); the visitor's token lives 2 h
  }
  const dashboard = new DashboardClient(relay);
  await dashboard.bootstrap();
  const row = (await dashboardOutbox(dashboard)).find((r) => r.actionId === actionId)!;
  expect(row.status).toBe("failed");
  expect(row.attempts).toBe(8);
  expect(row.lastError).toMatch(/Internal Server Error/);
  expect(fake.messages).toHaveLength(0);
  const status = await actionStatus(actionId);
  expect(status.status).toBe("failed");
});
