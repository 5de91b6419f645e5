/** Twilio's signed delivery reports move a message to delivered (or failed), and a call to called. */
import { afterAll, beforeAll, expect, it } from "vitest";
import twilio from "twilio";
import { ActionResult } from "@parley/protocol";
import { FAKE_TWILIO, startFakeProviders, type FakeProviders } from "./testing/fake-providers";
import { authed, startTestRelay } from "./testing/test-relay";

let fake: FakeProviders;
beforeAll(async () => {
  fake = await startFakeProviders();
});
afterAll(async () => {
  await fake.close();
});

function report(
  callbackUrl: string,
  params: Record<string, string>,
  token = FAKE_TWILIO.authToken,
): RequestInit {
  return {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(token, callbackUrl, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}

it("a signed 'delivered' report makes the SMS action delivered; 'undelivered' makes another failed", async () => {
  const relay = await startTestRelay({ db: "memory", fake });
  try {
    const { token } = await relay.openSession();
    const ids: string[] = [];
    for (const key of ["hook-sms-1", "hook-sms-2"]) {
      const res = await relay.request(
        "/v1/actions",
        authed(token, {
          type: "send_sms",
          idempotencyKey: key,
          params: { to: "+919876543210", template: "order_tracking", orderId: "ORD98765" },
        }),
      );
      ids.push((await res.json()).actionId);
    }
    await relay.drain();
    const [first, second] = fake.messages;
    const path = (url: string) => new URL(url).pathname + new URL(url).search;
    const ok = await relay.request(
      path(first!.statusCallback!),
      report(first!.statusCallback!, {
        MessageSid: first!.sid,
        MessageStatus: "delivered",
        AccountSid: FAKE_TWILIO.accountSid,
      }),
    );
    expect(ok.status).toBe(204);
    const bad = await relay.request(
      path(second!.statusCallback!),
      report(second!.statusCallback!, {
        MessageSid: second!.sid,
        MessageStatus: "undelivered",
        ErrorCode: "30003",
      }),
    );
    expect(bad.status).toBe(204);
    const status = async (id: string) =>
      ActionResult.parse(
        await (await relay.request(`/v1/actions/${id}`, authed(token, undefined, "GET"))).json(),
      );
    expect((await status(ids[0]!)).status).toBe("delivered");
    expect(await status(ids[1]!)).toMatchObject({
      status: "failed",
      error: { message: "twilio reported undelivered (error 30003)" },
    });
    // A report for one message cannot be replayed against another message's row.
    const crossed = await relay.request(
      path(second!.statusCallback!),
      report(second!.statusCallback!, { MessageSid: first!.sid, MessageStatus: "delivered" }),
    );
    expect(crossed.status).toBe(404);
  } finally {
    await relay.dispose();
  }
});
