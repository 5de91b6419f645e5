/**
 * The public API the widget calls: sessions, call events, actions, order lookup.
 * CORS and origin checks come first (app.ts), then size limits, then the session token.
 */
import { Hono } from "hono";
import {
  ActionRequest,
  CreateSessionRequest,
  EventBatch,
  ORDER_ID_PATTERN,
} from "@parley/protocol";
import { acceptAction, readAction } from "../actions/accept-action";
import { openSession } from "../calls/open-session";
import { recordEvents } from "../calls/record-events";
import type { RelayContext } from "../context";
import type { AppEnv } from "../http/app-env";
import { limitBody } from "../http/body-limit";
import { badRequest, forbidden, notFound } from "../http/errors";
import { readJsonBody } from "../http/json-body";
import {
  bearerToken,
  checkSessionToken,
  sessionAuth,
  type SessionAuthOptions,
} from "../http/session-auth";
import { lookupOrder } from "../orders/order-lookup";
import { MINUTE, consume } from "../rate-limit";

export function widgetRoutes(ctx: RelayContext) {
  const app = new Hono<AppEnv>();
  const auth: SessionAuthOptions = {
    secret: ctx.options.secret,
    now: ctx.now,
    siteExists: (id) => ctx.sites.has(id),
  };

  app.post("/sessions", limitBody(ctx.options.maxJsonBodyBytes), async (c) => {
    const body = await readJsonBody(c, CreateSessionRequest);
    const site = ctx.sites.get(body.siteId);
    if (!site) throw notFound(`no site ${body.siteId} on this relay`, "unknown_site");
    const origin = c.req.header("origin");
    if (!origin)
      throw forbidden("an Origin header is required to open a session", "origin_required");
    if (!site.allowedOrigins.includes(origin))
      throw forbidden(
        `origin ${origin.slice(0, 200)} is not allowed for site ${site.id}`,
        "origin_not_allowed",
      );
    return c.json(await openSession(ctx, site, origin, c.get("ipKey"), body), 201);
  });

  // navigator.sendBeacon cannot set headers: it posts text/plain with the token in the body.
  app.post("/sessions/:id/events", limitBody(ctx.options.maxEventBodyBytes), async (c) => {
    const headerToken = bearerToken(c);
    const body = await readJsonBody(c, EventBatch, { allowTextPlain: true });
    const claims = checkSessionToken(auth, c, headerToken ?? body.token);
    if (claims.sid !== c.req.param("id"))
      throw forbidden("this token belongs to another session", "session_mismatch");
    const site = ctx.sites.get(claims.site)!;
    return c.json(await recordEvents(ctx, site, claims.sid, body.events), 200);
  });

  app.post("/actions", limitBody(ctx.options.maxJsonBodyBytes), sessionAuth(auth), async (c) => {
    const body = await readJsonBody(c, ActionRequest);
    const accepted = await acceptAction(ctx, c.get("session"), c.get("ipKey"), body);
    return c.json(accepted, 202);
  });

  app.get("/actions/:id", sessionAuth(auth), async (c) =>
    c.json(await readAction(ctx, c.get("session"), c.req.param("id"))),
  );

  app.get("/orders/:orderId", sessionAuth(auth), async (c) => {
    const orderId = c.req.param("orderId");
    if (!ORDER_ID_PATTERN.test(orderId))
      throw badRequest(
        "orderId: must be an order id of 3-32 letters, digits or dashes",
        "invalid_order_id",
      );
    const claims = c.get("session");
    await ctx.store.write((tx) =>
      consume(
        tx,
        {
          key: `session:${claims.sid}:orders`,
          limit: ctx.limits.orderLookupsPerSessionPerMinute,
          windowMs: MINUTE,
          what: "order lookups per minute",
        },
        ctx.now(),
      ),
    );
    const order = await lookupOrder(ctx, ctx.sites.get(claims.site)!, orderId);
    if (!order) throw notFound(`no order ${orderId}`, "order_not_found");
    return c.json(order);
  });

  return app;
}
