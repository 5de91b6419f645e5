import type { RelayContext } from "../context";
import { unavailable } from "../http/errors";
import { signMediaQuery } from "../tokens";

/** A public, signed, expiring link to a knowledge document (what WhatsApp's media URL points at). */
export function mediaLink(ctx: RelayContext, siteId: string, documentId: string): string {
  const base = ctx.options.publicUrl;
  if (!base)
    throw unavailable(
      "the relay has no public URL (PARLEY_PUBLIC_URL), so it cannot link documents",
      "no_public_url",
    );
  const expiresAt = ctx.now() + ctx.options.mediaTtlMs;
  return `${base.replace(/\/+$/, "")}/v1/media/${encodeURIComponent(siteId)}/${encodeURIComponent(documentId)}?${signMediaQuery(ctx.options.secret, siteId, documentId, expiresAt)}`;
}
