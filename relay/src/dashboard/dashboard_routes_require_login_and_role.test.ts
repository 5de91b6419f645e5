import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Relay } from "../relay";
import { PAGE_ROLES } from "./pages";
import { DashboardClient, TEST_ADMIN_TOKEN, testRelay } from "./test-support";

const ADMIN_API: [string, string][] = [
  ["GET", "/dashboard/api/live"],
  ["GET", "/dashboard/api/calls"],
  ["GET", "/dashboard/api/calls/ses_x"],
  ["GET", "/dashboard/api/metrics?range=hour"],
  ["GET", "/dashboard/api/tickets"],
  ["PATCH", "/dashboard/api/tickets/1"],
  ["GET", "/dashboard/api/leads"],
  ["GET", "/dashboard/api/callbacks"],
  ["POST", "/dashboard/api/callbacks/cb_x/done"],
  ["GET", "/dashboard/api/outbox"],
  ["GET", "/dashboard/api/knowledge"],
  ["GET", "/dashboard/api/export/calls.csv"],
  ["GET", "/dashboard/api/export/tickets.csv"],
  ["GET", "/dashboard/api/users"],
  ["POST", "/dashboard/api/users"],
];
const AGENT_API: [string, string][] = [
  ["GET", "/dashboard/api/agent/state"],
  ["PATCH", "/dashboard/api/agent/me"],
  ["GET", "/dashboard/api/agent/stream"],
  ["POST", "/dashboard/api/agent/escalations/esc_x/accept"],
  ["POST", "/dashboard/api/agent/escalations/esc_x/messages"],
  ["POST", "/dashboard/api/agent/escalations/esc_x/end"],
  ["POST", "/dashboard/api/auth/logout"],
];

describe("dashboard access control", () => {
  let relay: Relay;
  beforeEach(async () => {
    relay = await testRelay();
  });
  afterEach(async () => {
    await relay.close();
  });

  it("answers 401 on every API route and redirects every page without a login", async () => {
    const anonymous = new DashboardClient(relay);
    for (const [method, path] of [...ADMIN_API, ...AGENT_API]) {
      const res = await anonymous.call(method, path, method === "GET" ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    for (const page of ["/dashboard", ...Object.keys(PAGE_ROLES).map((p) => `/dashboard${p}`)]) {
      const res = await anonymous.call("GET", page);
      expect(res.status, page).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/dashboard\/login\?next=/);
    }
    expect((await anonymous.call("GET", "/dashboard/api/auth/me")).status).toBe(401);
  });

  it("bootstraps one admin with the admin token, then refuses a second bootstrap", async () => {
    const guest = new DashboardClient(relay);
    const wrong = await guest.call("POST", "/dashboard/api/auth/bootstrap", {
      adminToken: "not-the-token-at-all",
      username: "admin",
      displayName: "A",
      password: "admin-password-1",
    });
    expect(wrong.status).toBe(401);
    expect(guest.cookie).toBe("");
    const admin = new DashboardClient(relay);
    await admin.bootstrap();
    expect(admin.cookie).toMatch(/^parley_dashboard=/);
    const again = await new DashboardClient(relay).call("POST", "/dashboard/api/auth/bootstrap", {
      adminToken: TEST_ADMIN_TOKEN,
      username: "admin2",
      displayName: "B",
      password: "admin-password-2",
    });
    expect(again.status).toBe(409);
  });

  it("sets an HttpOnly, Secure, SameSite=Strict cookie and demands the CSRF header on writes", async () => {
    const admin = new DashboardClient(relay);
    const res = await admin.call("POST", "/dashboard/api/auth/bootstrap", {
      adminToken: TEST_ADMIN_TOKEN,
      username: "admin",
      displayName: "Site Admin",
      password: "admin-password-1",
    });
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const noCsrf = await admin.call("POST", "/dashboard/api/users", { username: "x" });
    expect(noCsrf.status).toBe(403);
    admin.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    const crossSite = await admin.call(
      "POST",
      "/dashboard/api/callbacks/cb_x/done",
      {},
      { origin: "https://evil.example", host: "relay.example" },
    );
    expect(crossSite.status).toBe(403);
    // A cross-site JSON-less login attempt is refused before any password check.
    const formLogin = await relay.app.request("/dashboard/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=admin&password=admin-password-1",
    });
    expect(formLogin.status).toBe(403);
  });

  it("keeps agents out of admin pages and APIs, and logs out", async () => {
    const admin = new DashboardClient(relay);
    await admin.bootstrap();
    const created = await admin.call("POST", "/dashboard/api/users", {
      username: "john",
      displayName: "John",
      password: "john-password-1",
      role: "agent",
      agentId: "agent_45",
    });
    expect(created.status).toBe(201);
    const agent = new DashboardClient(relay);
    const bad = await agent.call("POST", "/dashboard/api/auth/login", {
      username: "john",
      password: "wrong-password",
    });
    expect(bad.status).toBe(401);
    await agent.login("john", "john-password-1");
    for (const [method, path] of ADMIN_API) {
      const res = await agent.call(method, path, method === "GET" ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    for (const [page, roles] of Object.entries(PAGE_ROLES)) {
      const res = await agent.call("GET", `/dashboard${page}`);
      expect(res.status, page).not.toBe(302);
      // Without a build the page body is a 503 notice; with one, 200/403. Either way, roles hold:
      if (res.status !== 503) expect(res.status, page).toBe(roles.includes("agent") ? 200 : 403);
    }
    expect((await agent.call("GET", "/dashboard")).headers.get("location")).toBe(
      "/dashboard/console",
    );
    expect((await agent.call("GET", "/dashboard/api/agent/state")).status).toBe(200);
    expect((await agent.call("POST", "/dashboard/api/auth/logout")).status).toBe(200);
    expect((await agent.call("GET", "/dashboard/api/agent/state")).status).toBe(401);
  });
});
