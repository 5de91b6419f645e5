/**
 * /dashboard/api/auth/*: first-admin bootstrap (with PARLEY_ADMIN_TOKEN), login, logout, and
 * "who am I". Failed logins count against per-address and per-username limits in the shared
 * database, so guessing is slow across every relay process.
 */
import { timingSafeEqual } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { dashboardUsers } from "../db/schema-dashboard";
import { forbidden, unauthorized, conflict, badRequest } from "../http/errors";
import { newId } from "../ids";
import { pseudonym } from "../privacy";
import { consume, MINUTE } from "../rate-limit";
import {
  checkCsrf,
  currentLogin,
  endLogin,
  requireLogin,
  startLogin,
  type DashboardEnv,
} from "./auth";
import type { DashboardDeps } from "./deps";
import { clientIp, readJson } from "./http";
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { siteSummaries } from "./sites";

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, { message: "must be 3–40 letters, digits, . _ or -" });
const Password = z.string().max(200);

export const LoginBody = z.strictObject({ username: Username, password: Password });
export const BootstrapBody = z.strictObject({
  adminToken: z.string().max(500),
  username: Username,
  displayName: z.string().trim().min(1).max(80),
  password: Password,
});

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authRoutes(deps: DashboardDeps) {
  const { store, now } = deps.ctx;
  const app = new Hono<DashboardEnv>();

  const adminCount = () =>
    store.read(async (db) => {
      const [row] = await db
        .select({ n: count() })
        .from(dashboardUsers)
        .where(eq(dashboardUsers.role, "admin"));
      return row?.n ?? 0;
    });

  /** Public: tells the login page whether the first admin still has to be created. */
  app.get("/state", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({
      needsBootstrap: (await adminCount()) === 0,
      bootstrapEnabled: Boolean(deps.ctx.options.adminToken),
    });
  });

  app.post("/bootstrap", async (c) => {
    checkCsrf(c, undefined, { loginForm: true });
    const body = await readJson(c, BootstrapBody);
    const ip = pseudonym(deps.ctx.options.secret, clientIp(c), "ip");
    await store.write((tx) =>
      consume(
        tx,
        { key: `dash:bootstrap:${ip}`, limit: 10, windowMs: 10 * MINUTE, what: "setup attempts" },
        now(),
      ),
    );
    const adminToken = deps.ctx.options.adminToken;
    if (!adminToken)
      throw forbidden("bootstrap is off: the relay has no PARLEY_ADMIN_TOKEN", "bootstrap_off");
    if (!sameSecret(body.adminToken, adminToken))
      throw unauthorized("wrong admin token", "bad_admin_token");
    const problem = passwordProblem(body.password);
    if (problem) throw badRequest(problem, "weak_password");
    const hash = await hashPassword(body.password);
    const id = newId("usr");
    await store.write(async (tx) => {
      const [row] = await tx
        .select({ n: count() })
        .from(dashboardUsers)
        .where(eq(dashboardUsers.role, "admin"));
      if ((row?.n ?? 0) > 0)
        throw conflict("an admin already exists; log in instead", "already_bootstrapped");
      const t = now();
      await tx.insert(dashboardUsers).values({
        id,
        username: body.username,
        displayName: body.displayName,
        role: "admin",
        passwordHash: hash,
        createdAt: t,
        updatedAt: t,
      });
    });
    const csrfToken = await startLogin(deps, c, id);
    deps.ctx.log.info("dashboard: first admin created", { user: id });
    return c.json({ ok: true, csrfToken }, 201);
  });

  app.post("/login", async (c) => {
    checkCsrf(c, undefined, { loginForm: true });
    const body = await readJson(c, LoginBody);
    const secret = deps.ctx.options.secret;
    const ip = pseudonym(secret, clientIp(c), "ip");
    await store.write(async (tx) => {
      await consume(
        tx,
        {
          key: `dash:login:ip:${ip}`,
          limit: 30,
          windowMs: 10 * MINUTE,
          what: "login attempts from this address",
        },
        now(),
      );
      await consume(
        tx,
        {
          key: `dash:login:user:${pseudonym(secret, body.username, "user")}`,
          limit: 10,
          windowMs: 10 * MINUTE,
          what: "login attempts for this account",
        },
        now(),
      );
    });
    const user = await store.read(async (db) => {
      const [row] = await db
        .select()
        .from(dashboardUsers)
        .where(eq(dashboardUsers.username, body.username));
      return row;
    });
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok || user.disabled)
      throw unauthorized("wrong username or password", "bad_credentials");
    const csrfToken = await startLogin(deps, c, user.id);
    return c.json({ ok: true, csrfToken, role: user.role });
  });

  app.post("/logout", requireLogin(deps, ["admin", "agent"]), async (c) => {
    await endLogin(deps, c, c.get("login").tokenHash);
    return c.json({ ok: true });
  });

  app.get("/me", async (c) => {
    c.header("Cache-Control", "no-store");
    const login = await currentLogin(deps, c);
    if (!login) throw unauthorized("log in to the dashboard first", "login_required");
    return c.json({ user: login.user, csrfToken: login.csrfToken, sites: siteSummaries(deps) });
  });

  return app;
}
