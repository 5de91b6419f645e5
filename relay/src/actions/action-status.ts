/**
 * An action's status follows its outbox rows: queued → sending → sent → delivered, or failed.
 * Actions without messages (tickets, escalation) are `done` when accepted. A message kept in the
 * dev outbox (no provider configured) makes the action `done` with `delivery: "dev_outbox"`.
 */
import type { ActionState } from "@parley/protocol";
import { assignments, rawSql } from "../db/raw-sql";
import { actions } from "../db/schema";
import type { Tx } from "../db/store";
import { publish } from "../feed";
import { redactText } from "../privacy";

const FINISHED = new Set(["sent", "delivered", "dev_outbox", "handed_to_agent"]);

export function aggregateStatus(rows: { status: string }[]): {
  status: ActionState;
  devOutbox: boolean;
} {
  if (rows.length === 0) return { status: "done", devOutbox: false };
  const statuses = rows.map((r) => r.status);
  if (statuses.includes("failed")) return { status: "failed", devOutbox: false };
  if (statuses.every((s) => FINISHED.has(s))) {
    if (statuses.every((s) => s === "delivered")) return { status: "delivered", devOutbox: false };
    if (statuses.every((s) => s === "dev_outbox" || s === "handed_to_agent"))
      return { status: "done", devOutbox: statuses.includes("dev_outbox") };
    return { status: "sent", devOutbox: false };
  }
  return { status: statuses.includes("sending") ? "sending" : "queued", devOutbox: false };
}

export async function refreshActionStatus(tx: Tx, actionId: string, now: number): Promise<void> {
  // Plain SQL (db/raw-sql.ts): this runs for every message the worker finishes.
  const sql = rawSql(tx);
  const rows = (await sql.all(
    "select status, last_error as lastError from outbox where action_id = ?",
    [actionId],
  )) as { status: string; lastError: string | null }[];
  const [action] = (await sql.all(
    "select site_id as siteId, session_id as sessionId, type, status, result from actions where id = ? limit 1",
    [actionId],
  )) as {
    siteId: string;
    sessionId: string;
    type: string;
    status: string;
    /** JSON text (plain SQL reads the column as stored). */
    result: string | null;
  }[];
  if (!action) return;
  const { status, devOutbox } = aggregateStatus(rows);
  if (status === action.status) return;
  const earlier =
    action.result === null ? null : (JSON.parse(action.result) as Record<string, unknown> | null);
  const result = {
    ...(earlier ?? {}),
    ...(devOutbox ? { delivery: "dev_outbox" } : {}),
  };
  const failedRow = rows.find((r) => r.status === "failed");
  const error = failedRow
    ? {
        code: "delivery_failed",
        message: redactText(failedRow.lastError ?? "the provider refused the message").slice(
          0,
          500,
        ),
        retryable: false,
      }
    : null;
  const change = assignments(actions, { status, result, error, updatedAt: now });
  await sql.run(`update actions set ${change.text} where id = ?`, [...change.args, actionId]);
  await publish(tx, {
    siteId: action.siteId,
    topic: "action.updated",
    entityId: actionId,
    data: { type: action.type, status, sessionId: action.sessionId },
    at: now,
  });
}
