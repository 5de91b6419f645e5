/**
 * Helpers for the dashboard's tests: a real relay (createRelay over libSQL) with the TechCorp
 * site, and a tiny cookie-keeping client for its dashboard API.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseRelayConfig } from "../config/relay-config";
import { silentLogger } from "../log";
import { createRelay, type Relay } from "../relay";

export const TEST_ORIGIN = "http://localhost:5173";
export const TEST_ADMIN_TOKEN = "dashboard-test-admin-token-0123456789";
export const TEST_SECRET = "dashboard-test-secret-0123456789-0123456789";
const CONFIG = fileURLToPath(
  new URL("../../../examples/techcorp/parley.config.json", import.meta.url),
);

export function techcorp() {
  return parseRelayConfig(JSON.parse(readFileSync(CONFIG, "utf8"))).sites[0]!;
}

export async function testRelay(databaseUrl = ":memory:", now?: () => number): Promise<Relay> {
  return createRelay({
    sites: [techcorp()],
    databaseUrl,
    options: { secret: TEST_SECRET, adminToken: TEST_ADMIN_TOKEN },
    log: silentLogger,
    worker: false,
    ...(now ? { now } : {}),
  });
}

/** A browser-like client: keeps the login cookie and sends the CSRF header on writes. */
export class DashboardClient {
  cookie = "";
  csrf = "";
  constructor(private readonly relay: Relay) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const res = await this.relay.app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== "GET" ? { "x-csrf-token": this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return res;
  }

  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await this.call(method, path, body);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async bootstrap(username = "admin", password = "admin-password-1") {
    const body = await this.json<{ csrfToken: string }>("POST", "/dashboard/api/auth/bootstrap", {
      adminToken: TEST_ADMIN_TOKEN,
      username,
      displayName: "Site Admin",
      password,
    });
    this.csrf = body.csrfToken;
  }

  async login(username: string, password: string) {
    const body = await this.json<{ csrfToken: string }>("POST", "/dashboard/api/auth/login", {
      username,
      password,
    });
    this.csrf = body.csrfToken;
  }
}

/** Opens a widget session the way the widget does (allowed Origin). */
export async function openVisitorSession(
  relay: Relay,
): Promise<{ sessionId: string; token: string }> {
  const res = await relay.app.request("/v1/sessions", {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_ORIGIN },
    body: JSON.stringify({ siteId: "techcorp", mode: "lite" }),
  });
  if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
  return (await res.json()) as { sessionId: string; token: string };
}

export function visitorFetch(
  relay: Relay,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  return relay.app.request(path, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      origin: TEST_ORIGIN,
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}
