/**
 * Serves the built dashboard (a Vite single-page app) under /dashboard. Page URLs are checked on
 * the server before the page is sent: no login → 302 to /dashboard/login; an agent asking for an
 * admin page → 403. Static assets (hashed file names, no data) are public, served by Hono's
 * serveStatic (streamed, compressed) and cached for a year.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Context } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { currentLogin, type Role } from "./auth";
import type { DashboardDeps } from "./deps";

/** Page paths (after /dashboard) and who may open them. */
export const PAGE_ROLES: Record<string, readonly Role[]> = {
  "/live": ["admin"],
  "/calls": ["admin"],
  "/metrics": ["admin"],
  "/tickets": ["admin"],
  "/leads": ["admin"],
  "/callbacks": ["admin"],
  "/outbox": ["admin"],
  "/knowledge": ["admin"],
  "/users": ["admin"],
  "/console": ["agent", "admin"],
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline style attributes (charts, rendered emails in a sandboxed srcdoc frame).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export function defaultStaticDir(): string | undefined {
  const candidates = [
    new URL("./dashboard", import.meta.url), // the deploy folder
    new URL("../../dashboard/dist", import.meta.url), // src/dashboard (tests, tsx)
    new URL("../dashboard/dist", import.meta.url), // dist/server.js in the workspace
  ];
  for (const candidate of candidates) {
    const folder = fileURLToPath(candidate);
    if (existsSync(path.join(folder, "index.html"))) return folder;
  }
  return undefined;
}

function securityHeaders(c: Context): void {
  c.header("Content-Security-Policy", CSP);
  c.header("X-Frame-Options", "DENY");
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
}

function pageRoles(subPath: string): readonly Role[] | undefined {
  for (const [prefix, roles] of Object.entries(PAGE_ROLES)) {
    if (subPath === prefix || subPath.startsWith(prefix + "/")) return roles;
  }
  return undefined;
}

export function pageRoutes(deps: DashboardDeps) {
  const app = new Hono();
  const dir = deps.options.staticDir ?? defaultStaticDir();
  let indexHtml: string | undefined;
  const index = (): string | undefined => {
    if (!dir) return undefined;
    indexHtml ??= readFileSync(path.join(dir, "index.html"), "utf8");
    return indexHtml;
  };
  const sendIndex = (c: Context, status: 200 | 403 = 200) => {
    const html = index();
    securityHeaders(c);
    if (!html)
      return c.text("The dashboard is not built: run `pnpm --filter @parley/relay build`.", 503);
    return c.html(html, status);
  };

  // Hashed file names: cached for a year, compressed when the browser takes gzip/deflate.
  if (!dir) app.get("/assets/*", (c) => c.notFound());
  else
    app.get(
      "/assets/*",
      async (c, next) => {
        await next();
        // Set on the final response: serveStatic's onFound runs after its response is made.
        if (c.res.status === 200) {
          c.res.headers.set("Cache-Control", "public, max-age=31536000, immutable");
          c.res.headers.set("X-Content-Type-Options", "nosniff");
        }
      },
      compress(),
      serveStatic({
        root: dir,
        rewriteRequestPath: (requestPath) => requestPath.slice(requestPath.indexOf("/assets/")),
      }),
      (c) => c.notFound(),
    );

  app.get("/login", (c) => sendIndex(c));

  app.get("/*", async (c) => {
    const sub = c.req.path.replace(/^.*?\/dashboard/, "") || "/";
    const login = await currentLogin(deps, c);
    if (!login) {
      securityHeaders(c);
      return c.redirect(`/dashboard/login?next=${encodeURIComponent(c.req.path)}`, 302);
    }
    if (sub === "/" || sub === "") {
      return c.redirect(
        login.user.role === "admin" ? "/dashboard/live" : "/dashboard/console",
        302,
      );
    }
    const roles = pageRoles(sub);
    if (!roles) return c.notFound();
    if (!roles.includes(login.user.role)) return sendIndex(c, 403);
    return sendIndex(c);
  });

  return app;
}
