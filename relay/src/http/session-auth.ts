/**
 * Session tokens: minted by POST /v1/sessions, bound to session, site and origin, short-lived.
 * A request's Origin (when the browser sends one) must be the origin the token was minted for.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { verifySessionToken, type SessionClaims } from "../tokens";
import type { AppEnv } from "./app-env";
import { forbidden, unauthorized } from "./errors";

export interface SessionAuthOptions {
  secret: string;
  now: () => number;
  siteExists: (siteId: string) => boolean;
}

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match)
    throw unauthorized("Authorization header must be 'Bearer <token>'", "bad_authorization");
  return match[1];
}

export function checkSessionToken(
  options: SessionAuthOptions,
  c: Context,
  token: string | undefined,
): SessionClaims {
  if (!token)
    throw unauthorized(
      "a session token is required (Authorization: Bearer <token>)",
      "token_missing",
    );
  const checked = verifySessionToken(options.secret, token, options.now());
  if (!checked.ok) {
    const words = {
      malformed: "is malformed",
      forged: "has an invalid signature",
      expired: "has expired",
    } as const;
    throw unauthorized(`session token ${words[checked.reason]}`, `token_${checked.reason}`);
  }
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== checked.claims.origin) {
    throw forbidden("this session token was issued to another origin", "origin_mismatch");
  }
  if (!options.siteExists(checked.claims.site))
    throw unauthorized("session token names an unknown site", "token_forged");
  return checked.claims;
}

/** Requires `Authorization: Bearer <session token>`; sets `session`. */
export function sessionAuth(options: SessionAuthOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set("session", checkSessionToken(options, c, bearerToken(c)));
    await next();
  });
}
