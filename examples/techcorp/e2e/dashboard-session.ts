/**
 * The relay's dashboard as a site owner uses it, in its own browser context: the first admin is
 * created through the bootstrap form (PARLEY_ADMIN_TOKEN), agents get logins, and the dashboard's
 * own JSON API is read from the logged-in page (cookie + CSRF header, like the app itself).
 */
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN_TOKEN } from "./techcorp-stack";

export interface Dashboard {
  context: BrowserContext;
  page: Page;
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function dashboardApi<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch("/dashboard/api/auth/me")).json()) as { csrfToken: string };
      const res = await fetch(`/dashboard/api${path}`, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
    },
    { method, path, body },
  );
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** A fresh relay: bootstrap the first admin through the login page and land on Live. */
export async function openAdminDashboard(browser: Browser, relayUrl: string): Promise<Dashboard> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${relayUrl}/dashboard/live`);
  await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
  await page.getByLabel("Admin token").fill(ADMIN_TOKEN);
  await page.getByLabel("Your name").fill("Site Admin");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("admin-password-1");
  await page.getByRole("button", { name: "Create admin and log in" }).click();
  await expect(page.getByRole("heading", { name: "Live call monitoring" })).toBeVisible();
  return {
    context,
    page,
    api: (method, path, body) => dashboardApi(page, method, path, body),
  };
}

/** John (agent_45, technical) logs in to the agent console in his own context. */
export async function openAgentConsole(
  browser: Browser,
  relayUrl: string,
  admin: Dashboard,
  /** Runs on the console's page before it loads (init scripts: a microphone, peer capture). */
  prepare?: (page: Page) => Promise<unknown>,
): Promise<{ context: BrowserContext; page: Page }> {
  await admin.api("POST", "/users", {
    username: "john",
    displayName: "John",
    password: "john-password-1",
    role: "agent",
    agentId: "agent_45",
  });
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(`${relayUrl}/dashboard/login`);
  await page.getByLabel("Username").fill("john");
  await page.getByLabel("Password").fill("john-password-1");
  await page.getByLabel("Password").press("Enter");
  await expect(page.getByRole("heading", { name: "Agent console — John" })).toBeVisible();
  await expect(page.getByText("Connected for notifications")).toBeVisible();
  return { context, page };
}
