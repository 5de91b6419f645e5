import { z } from "zod";
import { ActionType } from "./action-params";
import { AgentTurn, type Entities } from "./agent-turn";
import { Slot } from "./vocabulary";
import { parseWith, type Parsed } from "./errors";
import { localIsoToZonedIso } from "./time";

/**
 * The documented normalisations that turn what a model (or the brief's examples) writes into a
 * strict `AgentTurn`. A brain's raw output goes through here, then the dialogue core's policy.
 *
 * 1. Missing booleans and lists get their neutral defaults (`needs_clarification` is true when
 *    anything is missing); a missing `sentiment` is "neutral"; missing `clarification_question`
 *    is null, or the spoken response when clarification is needed.
 * 2. `missing_info` written inside `entities` (as the brief does) moves to the top level.
 * 3. Action aliases map onto the closed set: `fetch_product_catalog` → `fetch_document` (with
 *    `details_type: "product_catalog"`); `escalate` → `escalate_to_human`. Unknown actions fail.
 * 4. `escalate_to_human` defaults to whether the actions include it.
 * 5. A `callback_time` without an offset is wall time in the site's time zone and gets its offset.
 * 6. Runs of whitespace in spoken text collapse to one space (the brief wraps its strings).
 */
export interface NormalizeOptions {
  /** IANA time zone used for date-times that carry no offset (the site's). */
  timeZone: string;
}

const ACTION_ALIASES: Record<string, { action: ActionType; entities?: Partial<Entities> }> = {
  fetch_product_catalog: {
    action: "fetch_document",
    entities: { details_type: "product_catalog" },
  },
  fetch_policy: { action: "fetch_document", entities: { details_type: "policy" } },
  escalate: { action: "escalate_to_human" },
};

const looseObject = z.record(z.string(), z.unknown());

const collapse = (s: unknown) => (typeof s === "string" ? s.replace(/\s+/g, " ").trim() : s);

export function normalizeAgentTurn(raw: unknown, options: NormalizeOptions): Parsed<AgentTurn> {
  const top = looseObject.safeParse(raw);
  if (!top.success) return { ok: false, error: "(root): must be a JSON object" };
  const input = { ...top.data };
  const entities: Record<string, unknown> = {
    ...(looseObject.safeParse(input.entities).data ?? {}),
  };

  let missing: unknown = input.missing_info;
  if (missing === undefined && "missing_info" in entities) missing = entities.missing_info;
  delete entities.missing_info;
  if (missing === undefined) missing = [];

  const actions: unknown[] = [];
  for (const action of Array.isArray(input.actions)
    ? input.actions
    : input.actions === undefined
      ? []
      : [input.actions]) {
    const alias = typeof action === "string" ? ACTION_ALIASES[action] : undefined;
    if (alias) {
      actions.push(alias.action);
      for (const [k, v] of Object.entries(alias.entities ?? {})) entities[k] ??= v;
    } else {
      actions.push(action);
    }
  }
  const uniqueActions = [...new Set(actions)];

  if (typeof entities.callback_time === "string") {
    const zoned = localIsoToZonedIso(entities.callback_time, options.timeZone);
    if (zoned) entities.callback_time = zoned;
  }

  const needsClarification =
    typeof input.needs_clarification === "boolean"
      ? input.needs_clarification
      : Array.isArray(missing) && missing.length > 0;
  const immediate = collapse(input.immediate_response);

  const candidate = {
    immediate_response: immediate,
    intent: input.intent,
    entities,
    needs_clarification: needsClarification,
    clarification_question:
      input.clarification_question !== undefined
        ? collapse(input.clarification_question)
        : needsClarification
          ? immediate
          : null,
    missing_info: missing,
    actions: uniqueActions,
    used_knowledge: input.used_knowledge ?? false,
    escalate_to_human: input.escalate_to_human ?? uniqueActions.includes("escalate_to_human"),
    sentiment: input.sentiment ?? "neutral",
  };
  // Unknown top-level keys are an error, as in the strict schema.
  for (const key of Object.keys(input)) {
    if (!(key in candidate)) (candidate as Record<string, unknown>)[key] = input[key];
  }
  return parseWith(AgentTurn, candidate);
}

/** Slots and actions as plain string lists, for prompts and docs. */
export const SLOT_NAMES = Slot.options;
export const ACTION_NAMES = ActionType.options;
