/**
 * POST /v1/webhooks/twilio/status?outbox=<id> — Twilio's delivery reports for messages and calls.
 * The X-Twilio-Signature is checked (HMAC over the public URL and the form fields) with the
 * official SDK's validator; an unsigned or forged report is refused and changes nothing.
 */
import { Hono } from "hono";
import { and, eq } from "drizzle-orm";
import twilio from "twilio";
import { refreshActionStatus } from "../actions/action-status";
import type { RelayContext } from "../context";
import { callbacks, outbox } from "../db/schema";
import { publish } from "../feed";
import type { AppEnv } from "../http/app-env";
import { limitBody } from "../http/body-limit";
import { RelayError, badRequest, forbidden, notFound } from "../http/errors";

const DELIVERED = new Set(["delivered", "read"]);
const FAILED = new Set(["failed", "undelivered"]);
const CALL_DONE = new Set(["completed"]);
const CALL_FAILED = new Set(["busy", "no-answer", "failed", "canceled"]);

export function webhookRoutes(ctx: RelayContext) {
  const app = new Hono<AppEnv>();
  app.post("/webhooks/twilio/status", limitBody(64 * 1024), async (c) => {
    const authToken = ctx.providers.twilioAuthToken;
    if (!authToken || !ctx.options.publicUrl)
      throw new RelayError(
        503,
        "webhooks_disabled",
        "Twilio webhooks need TWILIO_AUTH_TOKEN and PARLEY_PUBLIC_URL",
      );
    const signature = c.req.header("x-twilio-signature");
    if (!signature) throw forbidden("missing X-Twilio-Signature", "signature_missing");
    const form = await c.req.parseBody();
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === "string") params[k] = v;
    const url = new URL(c.req.url);
    const publicUrl = `${ctx.options.publicUrl.replace(/\/+$/, "")}${url.pathname}${url.search}`;
    if (!twilio.validateRequest(authToken, signature, publicUrl, params))
      throw forbidden("X-Twilio-Signature does not match", "signature_invalid");
    const outboxId = c.req.query("outbox");
    if (!outboxId) throw badRequest("outbox query parameter missing", "invalid_request");
    const status = (params.MessageStatus ?? params.CallStatus ?? "").toLowerCase();
    const providerId = params.MessageSid ?? params.CallSid;
    const now = ctx.now();
    await ctx.store.write(async (tx) => {
      const [row] = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.id, outboxId), eq(outbox.provider, "twilio")))
        .limit(1);
      if (!row || (providerId && row.providerId && row.providerId !== providerId))
        throw notFound("no such message", "message_not_found");
      let next: string | null = null;
      if (DELIVERED.has(status) || CALL_DONE.has(status)) next = "delivered";
      else if (FAILED.has(status) || CALL_FAILED.has(status)) next = "failed";
      const set = {
        providerStatus: status,
        updatedAt: now,
        ...(next === "delivered" && row.status !== "delivered"
          ? { status: "delivered", deliveredAt: now }
          : {}),
        ...(next === "failed" && row.status !== "delivered"
          ? {
              status: "failed",
              lastError: `twilio reported ${status}${params.ErrorCode ? ` (error ${params.ErrorCode})` : ""}`,
            }
          : {}),
      };
      await tx.update(outbox).set(set).where(eq(outbox.id, row.id));
      if (row.actionId) await refreshActionStatus(tx, row.actionId, now);
      if (row.channel === "voice" && row.callbackId && next) {
        const cbStatus = next === "delivered" ? "called" : "failed";
        await tx
          .update(callbacks)
          .set({ status: cbStatus, updatedAt: now })
          .where(eq(callbacks.id, row.callbackId));
        await publish(tx, {
          siteId: row.siteId,
          topic: "callback.updated",
          entityId: row.callbackId,
          data: { status: cbStatus },
          at: now,
        });
      }
      await publish(tx, {
        siteId: row.siteId,
        topic: "outbox.updated",
        entityId: row.id,
        data: { channel: row.channel, status: set.status ?? row.status, providerStatus: status },
        at: now,
      });
    });
    return c.body(null, 204);
  });
  return app;
}
