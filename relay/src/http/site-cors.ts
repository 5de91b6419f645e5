/**
 * CORS for the widget API: only origins some site allows. A request from any other origin gets
 * a 403 (not just a missing header), so a foreign page cannot even trigger work. Requests with no
 * Origin (curl, server-to-server) pass here; endpoints that need one (session creation) say so.
 */
import { createMiddleware } from "hono/factory";
import { forbidden } from "./errors";

export interface SiteCorsOptions {
  isAllowed: (origin: string) => boolean;
  allowMethods?: string[];
  allowHeaders?: string[];
  maxAgeSeconds?: number;
}

const DEFAULTS = {
  allowMethods: ["GET", "POST", "OPTIONS"],
  allowHeaders: ["Content-Type", "Authorization"],
  maxAgeSeconds: 600,
};

export function siteCors(options: SiteCorsOptions) {
  const allowMethods = (options.allowMethods ?? DEFAULTS.allowMethods).join(", ");
  const allowHeaders = (options.allowHeaders ?? DEFAULTS.allowHeaders).join(", ");
  const maxAge = String(options.maxAgeSeconds ?? DEFAULTS.maxAgeSeconds);
  return createMiddleware(async (c, next) => {
    const origin = c.req.header("origin");
    if (origin === undefined) return next();
    if (!options.isAllowed(origin))
      throw forbidden(
        `origin ${origin.slice(0, 200)} is not allowed by any site`,
        "origin_not_allowed",
      );
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Vary", "Origin", { append: true });
    if (c.req.method === "OPTIONS") {
      c.header("Access-Control-Allow-Methods", allowMethods);
      c.header("Access-Control-Allow-Headers", allowHeaders);
      c.header("Access-Control-Max-Age", maxAge);
      return c.body(null, 204);
    }
    await next();
  });
}
