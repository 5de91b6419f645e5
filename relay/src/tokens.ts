/**
 * Signed, expiring strings: session tokens (bound to session, site and origin) and media URLs
 * (a knowledge document a provider may fetch until the link expires). HMAC-SHA256 with the relay
 * secret; every relay process sharing a database must share `PARLEY_SECRET`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface SessionClaims {
  /** session id */
  sid: string;
  site: string;
  origin: string;
  /** the session's lead id (saves a lookup on every action) */
  lead?: string;
  /** expiry, epoch ms */
  exp: number;
}

export type TokenCheck =
  { ok: true; claims: SessionClaims } | { ok: false; reason: "malformed" | "forged" | "expired" };

function sign(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signSessionToken(secret: string, claims: SessionClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `v1.${body}.${sign(secret, `session.${body}`)}`;
}

export function verifySessionToken(secret: string, token: string, now: number): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "v1" || !parts[1] || !parts[2])
    return { ok: false, reason: "malformed" };
  const [, body, signature] = parts as [string, string, string];
  if (!sameSignature(signature, sign(secret, `session.${body}`)))
    return { ok: false, reason: "forged" };
  let claims: SessionClaims;
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SessionClaims;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (
    typeof claims.exp !== "number" ||
    typeof claims.sid !== "string" ||
    typeof claims.site !== "string"
  ) {
    return { ok: false, reason: "malformed" };
  }
  if (claims.exp <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

/** Query string `exp=…&sig=…` for `GET /v1/media/:siteId/:documentId`. */
export function signMediaQuery(
  secret: string,
  siteId: string,
  documentId: string,
  expiresAt: number,
): string {
  const sig = sign(secret, `media.${siteId}.${documentId}.${expiresAt}`);
  return `exp=${expiresAt}&sig=${sig}`;
}

export function verifyMediaQuery(
  secret: string,
  siteId: string,
  documentId: string,
  exp: string | undefined,
  sig: string | undefined,
  now: number,
): "ok" | "forged" | "expired" {
  const expiresAt = Number(exp);
  if (!exp || !sig || !Number.isSafeInteger(expiresAt)) return "forged";
  if (!sameSignature(sig, sign(secret, `media.${siteId}.${documentId}.${expiresAt}`)))
    return "forged";
  return expiresAt <= now ? "expired" : "ok";
}
