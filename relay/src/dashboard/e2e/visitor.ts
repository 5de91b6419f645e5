/** What the widget would send, driven from a page on the visitor's origin (real CORS, real tokens). */
import type { Page } from "@playwright/test";

export interface Visit {
  sessionId: string;
  token: string;
  seq: number;
}

export async function relayFetch<T = Record<string, unknown>>(
  page: Page,
  relay: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ relay, method, path, body, token }) => {
      const res = await fetch(relay + path, {
        method,
        headers: {
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as T };
    },
    { relay, method, path, body, token },
  );
}

export async function openCall(page: Page, relay: string, siteId = "techcorp"): Promise<Visit> {
  const res = await relayFetch<{ sessionId: string; token: string }>(
    page,
    relay,
    "POST",
    "/v1/sessions",
    { siteId, mode: "lite" },
  );
  if (res.status !== 201) throw new Error(`session: ${res.status} ${JSON.stringify(res.body)}`);
  const visit = { ...res.body, seq: 0 };
  await events(page, relay, visit, [{ type: "call_started", mode: "lite" }]);
  return visit;
}

export async function events(
  page: Page,
  relay: string,
  visit: Visit,
  list: Record<string, unknown>[],
): Promise<void> {
  const batch = list.map((e) => ({ seq: visit.seq++, at: Date.now(), ...e }));
  const res = await relayFetch(
    page,
    relay,
    "POST",
    `/v1/sessions/${visit.sessionId}/events`,
    { events: batch },
    visit.token,
  );
  if (res.status !== 200) throw new Error(`events: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface TurnSpec {
  user: string | null;
  agent: string;
  intent: string;
  stage: string;
  status: string;
  used_knowledge?: boolean;
  retrieved_docs?: number;
  missing_info?: string[];
  sentiment: string;
  pending_actions?: string[];
  timings?: Record<string, number>;
}

let turnCounter = 0;
export function turn(t: TurnSpec): Record<string, unknown> {
  return {
    type: "turn_ended",
    turnId: `turn_${++turnCounter}_${Math.random().toString(36).slice(2, 8)}`,
    user_text: t.user,
    agent_text: t.agent,
    intent: t.intent,
    stage: t.stage,
    status: t.status,
    used_knowledge: t.used_knowledge ?? false,
    retrieved_docs: t.retrieved_docs ?? 0,
    top_score: t.used_knowledge ? 0.62 : null,
    missing_info: t.missing_info ?? [],
    sentiment: t.sentiment,
    pending_actions: t.pending_actions ?? [],
    timings: t.timings ?? {},
    brain: "lite",
  };
}

let keyCounter = 0;
export async function action<T = Record<string, unknown>>(
  page: Page,
  relay: string,
  visit: Visit,
  type: string,
  params: Record<string, unknown>,
): Promise<{ actionId: string; result?: T }> {
  const res = await relayFetch<{ actionId: string }>(
    page,
    relay,
    "POST",
    "/v1/actions",
    { type, idempotencyKey: `e2e-${type}-${++keyCounter}-${Date.now()}`, params },
    visit.token,
  );
  if (res.status !== 202) throw new Error(`${type}: ${res.status} ${JSON.stringify(res.body)}`);
  const read = await relayFetch<{ result?: T }>(
    page,
    relay,
    "GET",
    `/v1/actions/${res.body.actionId}`,
    undefined,
    visit.token,
  );
  return { actionId: res.body.actionId, ...(read.body.result ? { result: read.body.result } : {}) };
}
