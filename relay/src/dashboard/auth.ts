/**
 * Dashboard logins. The cookie holds a random token (HttpOnly, Secure, SameSite=Strict, Path=/);
 * the database keeps only its sha256. Every state-changing request must also carry the login's
 * CSRF token in `X-CSRF-Token` (the page reads it from /api/auth/me), and its Origin, when sent,
 * must be this relay's own — so a cross-site form or fetch can never act with the cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { dashboardAuthSessions, dashboardUsers } from "../db/schema-dashboard";
import { forbidden, unauthorized } from "../http/errors";
import type { DashboardDeps } from "./deps";

export const LOGIN_COOKIE = "parley_dashboard";
export const CSRF_HEADER = "x-csrf-token";

export type Role = "admin" | "agent";

export interface DashboardUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agentId: string | null;
}

export interface LoginInfo {
  user: DashboardUser;
  csrfToken: string;
  tokenHash: string;
}

export type DashboardEnv = { Variables: { login: LoginInfo } };

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startLogin(deps: DashboardDeps, c: Context, userId: string): Promise<string> {
  const { store, now } = deps.ctx;
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const t = now();
  await store.write(async (tx) => {
    // Opportunistic clean-up of this user's expired logins.
    await tx
      .delete(dashboardAuthSessions)
      .where(and(eq(dashboardAuthSessions.userId, userId), lt(dashboardAuthSessions.expiresAt, t)));
    await tx.insert(dashboardAuthSessions).values({
      tokenHash: sha256(token),
      userId,
      csrfToken,
      createdAt: t,
      lastSeenAt: t,
      expiresAt: t + deps.options.loginTtlMs,
    });
  });
  setCookie(c, LOGIN_COOKIE, token, {
    httpOnly: true,
    secure: deps.options.secureCookies,
    sameSite: "Strict",
    path: "/",
    maxAge: Math.floor(deps.options.loginTtlMs / 1000),
  });
  return csrfToken;
}

export async function endLogin(deps: DashboardDeps, c: Context, tokenHash: string): Promise<void> {
  await deps.ctx.store.write((tx) =>
    tx.delete(dashboardAuthSessions).where(eq(dashboardAuthSessions.tokenHash, tokenHash)),
  );
  deleteCookie(c, LOGIN_COOKIE, { path: "/", secure: deps.options.secureCookies });
}

/** The login behind the request's cookie, or undefined (no cookie, unknown, expired, disabled). */
export async function currentLogin(
  deps: DashboardDeps,
  c: Context,
): Promise<LoginInfo | undefined> {
  const token = getCookie(c, LOGIN_COOKIE);
  if (!token || token.length > 200) return undefined;
  const tokenHash = sha256(token);
  const t = deps.ctx.now();
  const row = await deps.ctx.store.read(async (db) => {
    const [found] = await db
      .select({ session: dashboardAuthSessions, user: dashboardUsers })
      .from(dashboardAuthSessions)
      .innerJoin(dashboardUsers, eq(dashboardUsers.id, dashboardAuthSessions.userId))
      .where(eq(dashboardAuthSessions.tokenHash, tokenHash));
    return found;
  });
  if (!row || row.session.expiresAt <= t || row.user.disabled) return undefined;
  // Sliding expiry, written at most once a minute.
  if (t - row.session.lastSeenAt > 60_000) {
    await deps.ctx.store.write((tx) =>
      tx
        .update(dashboardAuthSessions)
        .set({ lastSeenAt: t, expiresAt: t + deps.options.loginTtlMs })
        .where(eq(dashboardAuthSessions.tokenHash, tokenHash)),
    );
  }
  return {
    tokenHash,
    csrfToken: row.session.csrfToken,
    user: {
      id: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      role: row.user.role === "admin" ? "admin" : "agent",
      agentId: row.user.agentId,
    },
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects a cross-site state change: Origin (when present) must match Host, and the CSRF header
 * must match the login's token. Before a login exists (`loginForm`), the body must be JSON —
 * which a cross-site form cannot send without a CORS preflight this server never grants.
 */
export function checkCsrf(
  c: Context,
  csrfToken: string | undefined,
  options: { loginForm?: boolean } = {},
): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header("origin");
  if (origin) {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== c.req.header("host")) throw forbidden("cross-site request refused", "csrf");
  }
  if (options.loginForm) {
    if (!(c.req.header("content-type") ?? "").startsWith("application/json")) {
      throw forbidden("login requests must be JSON", "csrf");
    }
    return;
  }
  const sent = c.req.header(CSRF_HEADER);
  if (!csrfToken || !sent || !sameText(sent, csrfToken)) {
    throw forbidden("missing or wrong X-CSRF-Token header", "csrf");
  }
}

/** API guard: 401 without a login, 403 for a role not in `roles`, 403 for a CSRF failure. */
export function requireLogin(
  deps: DashboardDeps,
  roles: readonly Role[],
): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const login = await currentLogin(deps, c);
    if (!login) throw unauthorized("log in to the dashboard first", "login_required");
    if (!roles.includes(login.user.role))
      throw forbidden("your account may not use this page", "role");
    checkCsrf(c, login.csrfToken);
    c.set("login", login);
    c.header("Cache-Control", "no-store");
    await next();
  };
}
