/** Privacy in logs: a day's worth of sends and failures leaves no phone number or email in clear. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "./log";
import { maskEmail, maskPhone, redactText } from "./privacy";
import { startFakeProviders, type FakeProviders } from "./testing/fake-providers";
import { authed, startTestRelay } from "./testing/test-relay";

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});

it("masks phones and emails in every log line, including provider error messages", async () => {
  const relay = await startTestRelay({ db: "memory", fake });
  try {
    const { token } = await relay.openSession();
    fake.refuseRecipient("+919812345678");
    fake.failNext("resend.emails", 1, 500);
    const act = (body: unknown) => relay.request("/v1/actions", authed(token, body));
    await act({
      type: "send_sms",
      idempotencyKey: "log-sms-1",
      params: { to: "+919876543210", template: "order_tracking", orderId: "ORD98765" },
    });
    await act({
      type: "send_sms",
      idempotencyKey: "log-sms-2",
      params: { to: "+919812345678", template: "order_tracking", orderId: "ORD98765" },
    });
    await act({
      type: "send_email",
      idempotencyKey: "log-email-1",
      params: { to: "jane.doe@example.com", template: "order_update", orderId: "ORD98765" },
    });
    await relay.drain();
    relay.clock.advance(10 * 60 * 1000);
    await relay.drain();
    const all = relay.logs.join("\n");
    expect(relay.logs.length).toBeGreaterThan(3);
    expect(all).toContain("send failed permanently"); // the refused number's provider error was logged…
    expect(all).toContain("+91•••••••678"); // …masked
    for (const secret of ["9876543210", "9812345678", "jane.doe@example.com", "jane.doe"])
      expect(all).not.toContain(secret);
  } finally {
    await relay.dispose();
  }
});

it("redacts free text but leaves addresses, versions and short numbers alone", () => {
  expect(redactText("call +91 98765 43210 or mail jane@example.com")).toBe(
    "call +91•••••••210 or mail j•••@e•••.com",
  );
  expect(redactText("listening on http://127.0.0.1:8787, v1.2.3, order ORD98765, 42 rows")).toBe(
    "listening on http://127.0.0.1:8787, v1.2.3, order ORD98765, 42 rows",
  );
  expect(maskPhone("whatsapp:+14155238886")).toBe("+14••••••886");
  expect(maskEmail("a@b.co")).toBe("a•••@b•••.co");
  const lines: string[] = [];
  createLogger({ write: (l) => lines.push(l) }).info("sent to 9876543210", {
    to: "user@example.com",
    nested: { phone: "+919876543210" },
  });
  expect(lines[0]).not.toMatch(/9876543210|user@example\.com/);
});
