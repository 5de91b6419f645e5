/**
 * POST /v1/actions, after validation: the action row, its records (lead, ticket, callback,
 * escalation) and its outbox rows are written in ONE transaction, after the idempotency check
 * and the rate limits. Either all of it is stored and the widget gets 202, or nothing is.
 */
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { ActionAccepted, ActionRequest, ActionResult, SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import { actions, sessions } from "../db/schema";
import { rawSql } from "../db/raw-sql";
import type { Db, Tx } from "../db/store";
import { publish } from "../feed";
import { conflict, notFound } from "../http/errors";
import { newId } from "../ids";
import { enqueue, messageLimits } from "../outbox/enqueue";
import { DAY, MINUTE, consumeAll } from "../rate-limit";
import type { SessionClaims } from "../tokens";
import type { ActionEnv, Outcome } from "./action-env";
import { HANDLERS } from "./handlers";

const requestHash = (request: ActionRequest) =>
  createHash("sha256")
    .update(JSON.stringify({ type: request.type, params: request.params }))
    .digest("hex");

interface EarlierAction {
  id: string;
  requestHash: string;
  status: string;
}

/** Plain SQL (db/raw-sql.ts): every action asks this first. */
async function existingAction(
  db: Db | Tx,
  sessionId: string,
  key: string,
): Promise<EarlierAction | undefined> {
  const rows = await rawSql(db).all(
    "select id, request_hash as requestHash, status from actions where session_id = ? and idempotency_key = ? limit 1",
    [sessionId, key],
  );
  return rows[0] as EarlierAction | undefined;
}

function duplicateOf(row: EarlierAction, hash: string): ActionAccepted {
  if (row.requestHash !== hash)
    throw conflict(
      "this idempotency key was already used for a different action",
      "idempotency_key_reused",
    );
  return { actionId: row.id, status: row.status as ActionAccepted["status"], duplicate: true };
}

const isUniqueViolation = (error: unknown) =>
  /UNIQUE constraint failed: actions\./.test(String((error as Error)?.message ?? error));

export async function acceptAction(
  ctx: RelayContext,
  claims: SessionClaims,
  ipKey: string,
  request: ActionRequest,
): Promise<ActionAccepted> {
  const site = ctx.sites.get(claims.site) as SiteConfig;
  const hash = requestHash(request);
  const handler = HANDLERS[request.type];
  const prepared = await handler.prepare(ctx, site, request.params);
  const now = ctx.now();
  try {
    return await ctx.store.write(async (tx) => {
      const earlier = await existingAction(tx, claims.sid, request.idempotencyKey);
      if (earlier) return duplicateOf(earlier, hash);
      const leadId = claims.lead ?? (await leadOf(tx, claims.sid));
      const actionId = newId("act");
      const env: ActionEnv = { ctx, site, sessionId: claims.sid, leadId, actionId, now };
      const outcome: Outcome = await handler.perform(tx, env, request.params, prepared);
      const limitEnv = { siteId: site.id, limits: ctx.limits, secret: ctx.options.secret };
      await consumeAll(
        tx,
        [
          {
            key: `session:${claims.sid}:actions`,
            limit: ctx.limits.actionsPerSession,
            windowMs: DAY,
            what: "actions in this session",
          },
          {
            key: `ip:${ipKey}:actions`,
            limit: ctx.limits.actionsPerIpPerMinute,
            windowMs: MINUTE,
            what: "actions from this address per minute",
          },
          ...outcome.drafts.flatMap((draft) => messageLimits(limitEnv, draft)),
        ],
        now,
      );
      await rawSql(tx).run(
        `insert into actions (id, site_id, session_id, type, idempotency_key, request_hash, params,
           status, result, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          actionId,
          site.id,
          claims.sid,
          request.type,
          request.idempotencyKey,
          hash,
          JSON.stringify(request.params),
          outcome.status,
          JSON.stringify(outcome.result),
          now,
          now,
        ],
      );
      for (const draft of outcome.drafts)
        await enqueue(tx, { siteId: site.id, actionId, now }, draft);
      await publish(tx, {
        siteId: site.id,
        topic: "action.created",
        entityId: actionId,
        data: { type: request.type, status: outcome.status, sessionId: claims.sid },
        at: now,
      });
      return { actionId, status: outcome.status, duplicate: false };
    });
  } catch (error) {
    // Another process stored the same key between our check and our insert.
    if (isUniqueViolation(error)) {
      const winner = await ctx.store.read((db) =>
        existingAction(db, claims.sid, request.idempotencyKey),
      );
      if (winner) return duplicateOf(winner, hash);
    }
    throw error;
  }
}

/** Tokens minted before the lead id was carried in them: look it up. */
async function leadOf(tx: Tx, sessionId: string): Promise<string> {
  const [session] = await tx
    .select({ leadId: sessions.leadId })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  if (!session) throw notFound("session not found", "session_not_found");
  return session.leadId;
}

export async function readAction(
  ctx: RelayContext,
  claims: SessionClaims,
  actionId: string,
): Promise<ActionResult> {
  const [row] = await ctx.store.read((db) =>
    db
      .select()
      .from(actions)
      .where(and(eq(actions.id, actionId), eq(actions.sessionId, claims.sid)))
      .limit(1),
  );
  if (!row) throw notFound("no such action in this session", "action_not_found");
  return {
    actionId: row.id,
    type: row.type as ActionResult["type"],
    status: row.status as ActionResult["status"],
    ...(row.result ? { result: row.result as ActionResult["result"] } : {}),
    ...(row.error ? { error: row.error as ActionResult["error"] } : {}),
  };
}
