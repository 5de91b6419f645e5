import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../testing/fake-providers";
import { authed, startTestRelay, techcorpSite, type TestRelay } from "../testing/test-relay";

/**
 * 25 October 2026, Europe/Berlin: the clocks go back at 03:00, so the day has 25 hours. At 00:30
 * that night "now + 24 h" is 23:30 on the same date; the callback at 10:00 on the 26th is
 * tomorrow, and the confirmation must say so (it said "Monday, 26 October").
 */
const NIGHT_CLOCKS_CHANGE = Date.parse("2026-10-25T00:30:00+02:00");
const PHONE = "+4915123456789";

let fake: FakeProviders;
let relay: TestRelay;
beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});
afterEach(async () => {
  await relay.dispose();
});

async function berlinRelay(): Promise<TestRelay> {
  const site = techcorpSite();
  const started = await startTestRelay({
    db: "memory",
    fake,
    site: {
      ...site,
      timezone: "Europe/Berlin",
      defaultRegion: "DE",
      messaging: { ...site.messaging, allowedCountries: ["DE"] },
    },
  });
  started.clock.now = NIGHT_CLOCKS_CHANGE;
  return started;
}

describe("relay templates on the night the clocks change (Europe/Berlin)", () => {
  it.each([
    ["schedule_callback", { phone: PHONE, time: "2026-10-26T10:00:00+01:00" }],
    [
      "send_sms",
      { to: PHONE, template: "callback_confirmation", callbackTime: "2026-10-26T10:00:00+01:00" },
    ],
  ])("%s confirms 'tomorrow at 10 AM'", async (type, params) => {
    fake.reset();
    relay = await berlinRelay();
    const { token } = await relay.openSession();
    const res = await relay.request(
      "/v1/actions",
      authed(token, { type, idempotencyKey: `dst-${type}`, params }),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    await relay.drain();
    expect(fake.messages.map((m) => m.body)).toEqual([
      "Your callback is scheduled for tomorrow at 10 AM. We'll call you then. - TechCorp",
    ]);
  });
});
