/**
 * Test harness: a relay over a real libSQL database (`:memory:` or a temporary `file:`), the
 * TechCorp site config, real Twilio and Resend SDK providers pointed at the local fake server,
 * and a controllable clock. The worker is stopped; tests drive it with `drain()`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CreateSessionResponse, SiteConfig } from "@parley/protocol";
import type { Limits } from "../config/limits";
import { parseRelayConfig } from "../config/relay-config";
import type { RelayOptions } from "../context";
import { createLogger, type Logger } from "../log";
import { createResendProvider } from "../providers/resend-provider";
import { createTwilioProvider } from "../providers/twilio-provider";
import { createRelay, type Relay } from "../relay";
import { FAKE_RESEND, FAKE_TWILIO, type FakeProviders } from "./fake-providers";

export const TECHCORP_CONFIG_PATH = fileURLToPath(
  new URL("../../../examples/techcorp/parley.config.json", import.meta.url),
);
export const ORIGIN = "http://localhost:5173";
export const SECRET = "test-secret-0123456789-0123456789-abcdef";
export const ADMIN_TOKEN = "test-admin-token-0123456789";

export function techcorpSite(overrides: Partial<SiteConfig> = {}): SiteConfig {
  const raw = JSON.parse(readFileSync(TECHCORP_CONFIG_PATH, "utf8")) as Record<string, unknown>;
  const site = parseRelayConfig(raw).sites[0]!;
  return { ...site, ...overrides };
}

export type DbKind = "memory" | "file";

export interface TestRelay extends Relay {
  url: string;
  clock: { now: number; advance(ms: number): void };
  logs: string[];
  /** Runs the worker until nothing is due (bounded). */
  drain(maxPasses?: number): Promise<void>;
  request(path: string, init?: RequestInit): Promise<Response>;
  openSession(extra?: Record<string, unknown>): Promise<CreateSessionResponse>;
  dispose(): Promise<void>;
}

export interface TestRelayOptions {
  db: DbKind;
  fake?: FakeProviders;
  site?: SiteConfig;
  limits?: Partial<Limits>;
  options?: Partial<RelayOptions>;
  /** Share a file database with another relay (two-process style tests in one process). */
  fileUrl?: string;
}

export async function startTestRelay(o: TestRelayOptions): Promise<TestRelay> {
  const dir =
    o.db === "file" && !o.fileUrl ? mkdtempSync(path.join(tmpdir(), "parley-relay-")) : null;
  const databaseUrl = o.fileUrl ?? (dir ? `file:${path.join(dir, "relay.db")}` : ":memory:");
  const clock = {
    now: Date.parse("2025-10-05T09:00:00+05:30"),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const logs: string[] = [];
  const log: Logger = createLogger({ level: "debug", write: (line) => logs.push(line) });
  const relay = await createRelay({
    sites: [o.site ?? techcorpSite()],
    databaseUrl,
    limits: o.limits ?? {},
    options: {
      secret: SECRET,
      adminToken: ADMIN_TOKEN,
      publicUrl: "https://relay.techcorp.example",
      ...o.options,
    },
    providers: o.fake
      ? {
          twilio: createTwilioProvider({ ...FAKE_TWILIO, baseUrl: o.fake.url, timeoutMs: 5000 }),
          resend: createResendProvider({ apiKey: FAKE_RESEND.apiKey, baseUrl: o.fake.url }),
          twilioAuthToken: FAKE_TWILIO.authToken,
        }
      : {},
    log,
    now: () => clock.now,
    worker: false,
    offerSweep: false,
  });
  const request = (p: string, init?: RequestInit) => Promise.resolve(relay.app.request(p, init));
  return {
    ...relay,
    url: databaseUrl,
    clock,
    logs,
    request,
    async drain(maxPasses = 50) {
      for (let i = 0; i < maxPasses; i++) if ((await relay.worker.runOnce()) === 0) return;
    },
    async openSession(extra = {}) {
      const res = await request("/v1/sessions", {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify({ siteId: "techcorp", ...extra }),
      });
      if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreateSessionResponse;
    },
    async dispose() {
      await relay.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function authed(token: string, body?: unknown, method = "POST"): RequestInit {
  return {
    method,
    headers: {
      "content-type": "application/json",
      origin: ORIGIN,
      authorization: `Bearer ${token}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** Every row of every relay table: the "database unchanged" check compares two of these. */
export async function snapshotDatabase(relay: Relay): Promise<Record<string, unknown[]>> {
  const tables = await relay.store.client.execute(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations' order by name",
  );
  const out: Record<string, unknown[]> = {};
  for (const row of tables.rows) {
    const name = String(row.name);
    const rows = await relay.store.client.execute(`select * from "${name}" order by rowid`);
    out[name] = rows.rows.map((r) => ({ ...r }));
  }
  return out;
}
