/**
 * The crash bar: 1,000 SMS actions against a relay process that is SIGKILLed mid-way (some
 * actions not yet accepted, some rows claimed and in flight to the provider), then restarted on
 * the same database. Every message must reach the (fake) provider exactly once and be recorded
 * as sent exactly once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FAKE_TWILIO, startFakeProviders, type FakeProviders } from "./testing/fake-providers";
import { loadTestConfig, phoneFor } from "./testing/load-config";
import { freePort, startRelayProcess, type RelayProcess } from "./testing/relay-process";
import { ORIGIN, SECRET } from "./testing/test-relay";

const TOTAL = 1000;
let fake: FakeProviders;
let dir: string;
const processes: RelayProcess[] = [];

beforeAll(async () => {
  fake = await startFakeProviders({ latencyMs: 3 });
  dir = mkdtempSync(path.join(tmpdir(), "parley-crash-"));
});
afterAll(async () => {
  for (const p of processes) await p.kill("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it(
  "SIGKILL mid-way, restart: all 1,000 messages sent and recorded exactly once",
  { timeout: 90_000 },
  async () => {
    const port = await freePort();
    const env = {
      PARLEY_CONFIG: loadTestConfig(),
      DATABASE_URL: `file:${path.join(dir, "relay.db")}`,
      PARLEY_SECRET: SECRET,
      TWILIO_ACCOUNT_SID: FAKE_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: FAKE_TWILIO.authToken,
      PARLEY_TWILIO_BASE_URL: fake.url,
      PARLEY_OUTBOX_LEASE_MS: "1500",
      PARLEY_OUTBOX_POLL_MS: "20",
    };
    let relay = await startRelayProcess(env, { port });
    processes.push(relay);
    const base = `http://127.0.0.1:${port}`;
    const session = await (
      await fetch(`${base}/v1/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ siteId: "techcorp" }),
      })
    ).json();

    // The widget's behaviour: retry each action (same idempotency key) until the relay says 202.
    let duplicates = 0;
    async function sendAction(i: number) {
      const body = JSON.stringify({
        type: "send_sms",
        idempotencyKey: `crash-key-${i}`,
        params: { to: phoneFor(i), template: "order_tracking", orderId: "ORD98765" },
      });
      for (;;) {
        try {
          const res = await fetch(`${base}/v1/actions`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              origin: ORIGIN,
              authorization: `Bearer ${session.token}`,
            },
            body,
          });
          if (res.status === 202) {
            if ((await res.json()).duplicate) duplicates++;
            return;
          }
          await res.text();
        } catch {
          // relay is down: wait and retry
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    let killedAt = -1;
    let acceptedBeforeKill = 0;
    const killer = (async () => {
      while (fake.messages.length < 300) await new Promise((r) => setTimeout(r, 5));
      acceptedBeforeKill = (
        await createClient({ url: env.DATABASE_URL }).execute("select count(*) as n from actions")
      ).rows[0]!.n as number;
      killedAt = fake.messages.length;
      await relay.kill("SIGKILL");
      relay = await startRelayProcess(env, { port });
      processes.push(relay);
    })();

    const queue = Array.from({ length: TOTAL }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await sendAction(i);
      }),
    );
    await killer;

    const db = createClient({ url: env.DATABASE_URL });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const open = (await db.execute("select count(*) as n from outbox where status != 'sent'"))
        .rows[0]!.n as number;
      if (open === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    expect(killedAt).toBeGreaterThanOrEqual(300);
    expect(killedAt).toBeLessThan(TOTAL);
    expect(acceptedBeforeKill).toBeLessThan(TOTAL); // killed while actions were still arriving too
    const perRecipient = new Map<string, number>();
    for (const m of fake.messages) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    expect(fake.messages).toHaveLength(TOTAL);
    expect(perRecipient.size).toBe(TOTAL);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);

    const rows = (await db.execute("select recipient, status, provider_id from outbox")).rows;
    expect(rows).toHaveLength(TOTAL);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    const sidByRecipient = new Map(fake.messages.map((m) => [m.to, m.sid]));
    expect(rows.every((r) => sidByRecipient.get(String(r.recipient)) === r.provider_id)).toBe(true);
    expect(
      (await db.execute("select count(*) as n from actions where status = 'sent'")).rows[0]!.n,
    ).toBe(TOTAL);
    const reclaimed = (await db.execute("select count(*) as n from outbox where attempts > 1"))
      .rows[0]!.n;
    console.log(
      `crash test: killed after ${killedAt} provider sends and ${acceptedBeforeKill} accepted actions; ` +
        `${reclaimed} rows re-claimed after the crash; ${duplicates} retried requests answered as duplicates`,
    );
    db.close();
  },
);
