import { timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { RelayError, unauthorized } from "./errors";
import { bearerToken } from "./session-auth";

export interface AdminAuthOptions {
  /** When unset the admin API is disabled (every call gets 503 admin_disabled). */
  token: string | undefined;
}

/** `Authorization: Bearer <PARLEY_ADMIN_TOKEN>` for uploads and the admin API. */
export function adminAuth(options: AdminAuthOptions) {
  return createMiddleware(async (c, next) => {
    if (!options.token)
      throw new RelayError(
        503,
        "admin_disabled",
        "the admin API is disabled: set PARLEY_ADMIN_TOKEN",
      );
    const given = bearerToken(c);
    const a = Buffer.from(given ?? "");
    const b = Buffer.from(options.token);
    if (!given || a.length !== b.length || !timingSafeEqual(a, b))
      throw unauthorized("admin token required", "admin_token_invalid");
    await next();
  });
}
