import type { ActionRequest } from "@parley/protocol";
import type { EngineTurn } from "../dialogue-engine";
import type { TurnExpectation } from "./story";

/** True when every key of `expected` matches `actual` (objects by subset, arrays by inclusion). */
export function subsetMatches(expected: unknown, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((e) => actual.some((a) => subsetMatches(e, a)));
  }
  if (typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) =>
      subsetMatches(v, (actual as Record<string, unknown>)[k]),
    );
  }
  return expected === actual;
}

const show = (v: unknown) => JSON.stringify(v) ?? "undefined";

/** Every way `result` differs from `expect`, one readable line each ([] when it passes). */
export function mismatches(expect: TurnExpectation | undefined, result: EngineTurn): string[] {
  if (!expect) return [];
  const out: string[] = [];
  const t = result.turn;
  const field = <K extends keyof typeof t>(k: K) => {
    const e = expect[k as keyof TurnExpectation];
    if (e !== undefined && !subsetMatches(e, t[k]))
      out.push(`${k}: expected ${show(e)}, got ${show(t[k])}`);
  };
  field("intent");
  field("needs_clarification");
  field("escalate_to_human");
  field("used_knowledge");
  field("sentiment");
  field("actions");
  field("missing_info");
  for (const [k, v] of Object.entries(expect.entities ?? {})) {
    const got = (t.entities as Record<string, unknown>)[k];
    if (!subsetMatches(v, got))
      out.push(`entities.${k}: expected ${show(v)}, got ${show(got ?? null)}`);
  }
  const response = t.immediate_response.toLowerCase();
  for (const s of expect.response_contains ?? [])
    if (!response.includes(s.toLowerCase()))
      out.push(`response_contains: ${show(s)} not in ${show(t.immediate_response)}`);
  for (const s of expect.response_excludes ?? [])
    if (response.includes(s.toLowerCase()))
      out.push(`response_excludes: ${show(s)} is in ${show(t.immediate_response)}`);
  const followUp = (result.followUp ?? "").toLowerCase();
  for (const s of expect.follow_up_contains ?? [])
    if (!followUp.includes(s.toLowerCase()))
      out.push(`follow_up_contains: ${show(s)} not in ${show(result.followUp)}`);
  for (const r of expect.requests ?? [])
    if (!result.requests.some((a: ActionRequest) => subsetMatches(r, a)))
      out.push(
        `requests: no request matches ${show(r)} (got ${show(result.requests.map((a) => a.type))})`,
      );
  if (expect.no_actions && (t.actions.length > 0 || result.requests.length > 0))
    out.push(`no_actions: got actions ${show(t.actions)} and ${result.requests.length} request(s)`);
  if (expect.end_call !== undefined && expect.end_call !== result.endCall)
    out.push(`end_call: expected ${expect.end_call}, got ${result.endCall}`);
  return out;
}
