/**
 * Two relay processes on one file: database, both accepting actions and both running the outbox
 * worker: every message goes out exactly once, and both workers did part of the sending. The
 * change feed written by one process is readable from the other's database handle.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  FAKE_RESEND,
  FAKE_TWILIO,
  startFakeProviders,
  type FakeProviders,
} from "./testing/fake-providers";
import { loadTestConfig, phoneFor } from "./testing/load-config";
import { startRelayProcess, type RelayProcess } from "./testing/relay-process";
import { ADMIN_TOKEN, ORIGIN, SECRET } from "./testing/test-relay";

const TOTAL = 400;
let fake: FakeProviders;
let dir: string;
const processes: RelayProcess[] = [];

beforeAll(async () => {
  fake = await startFakeProviders({ latencyMs: 5 });
  dir = mkdtempSync(path.join(tmpdir(), "parley-two-"));
});
afterAll(async () => {
  for (const p of processes) await p.kill("SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it(
  "two processes, one database: each of 400 messages sent once, by both workers",
  { timeout: 90_000 },
  async () => {
    const env = {
      PARLEY_CONFIG: loadTestConfig(),
      DATABASE_URL: `file:${path.join(dir, "relay.db")}`,
      PARLEY_SECRET: SECRET,
      PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      TWILIO_ACCOUNT_SID: FAKE_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: FAKE_TWILIO.authToken,
      PARLEY_TWILIO_BASE_URL: fake.url,
      RESEND_API_KEY: FAKE_RESEND.apiKey,
      RESEND_BASE_URL: fake.url,
      PARLEY_OUTBOX_POLL_MS: "10",
    };
    const [a, b] = await Promise.all([startRelayProcess(env), startRelayProcess(env)]);
    processes.push(a!, b!);
    // A session opened on A is valid on B: same secret, same database.
    const session = await (
      await fetch(`${a!.url}/v1/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ siteId: "techcorp" }),
      })
    ).json();
    const headers = {
      "content-type": "application/json",
      origin: ORIGIN,
      authorization: `Bearer ${session.token}`,
    };

    const queue = Array.from({ length: TOTAL }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const relay = i % 2 === 0 ? a! : b!;
          const body =
            i % 4 === 3
              ? {
                  type: "send_email",
                  idempotencyKey: `two-key-${i}`,
                  params: {
                    to: `visitor${i}@example.com`,
                    template: "order_update",
                    orderId: "ORD98765",
                  },
                }
              : {
                  type: "send_sms",
                  idempotencyKey: `two-key-${i}`,
                  params: { to: phoneFor(i), template: "order_tracking", orderId: "ORD98765" },
                };
          const res = await fetch(`${relay.url}/v1/actions`, {
            method: "POST",
            headers,
            body: JSON.stringify(body),
          });
          expect(res.status).toBe(202);
        }
      }),
    );
    // The same idempotency key sent to the other process is a duplicate, not a second action.
    const again = await fetch(`${b!.url}/v1/actions`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        type: "send_sms",
        idempotencyKey: "two-key-0",
        params: { to: phoneFor(0), template: "order_tracking", orderId: "ORD98765" },
      }),
    });
    expect((await again.json()).duplicate).toBe(true);

    const db = createClient({ url: env.DATABASE_URL });
    const deadline = Date.now() + 40_000;
    while (
      (await db.execute("select count(*) as n from outbox where status != 'sent'")).rows[0]!.n !==
        0 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const recipients = [...fake.messages.map((m) => m.to), ...fake.emails.flatMap((e) => e.to)];
    expect(recipients).toHaveLength(TOTAL);
    expect(new Set(recipients).size).toBe(TOTAL);
    const byWorker = (
      await db.execute(
        "select claimed_by, count(*) as n from outbox where status = 'sent' group by claimed_by",
      )
    ).rows;
    expect(byWorker.reduce((sum, r) => sum + Number(r.n), 0)).toBe(TOTAL);
    expect(byWorker.length).toBe(2);
    console.log(`two relays: rows sent per worker ${byWorker.map((r) => r.n).join(" / ")}`);

    // The live feed: entries written by both processes, readable through either one's admin API.
    const feed = await (
      await fetch(`${b!.url}/v1/admin/feed?after=0`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json();
    const ids = feed.entries.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => x - y));
    expect(feed.entries.some((e: { topic: string }) => e.topic === "action.created")).toBe(true);
    db.close();
  },
);
