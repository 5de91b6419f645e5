import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/mobile";
import {
  ACTIONS,
  localIsoToZonedIso,
  type ActionType,
  type AgentTurn,
  type SiteProfile,
} from "@parley/protocol";
import type { Extraction } from "../understanding/entities";
import { spokenDigitsToNumerals, spokenEmailToWritten } from "../understanding/spoken-forms";
import type { KnownFacts } from "./dialogue-state";
import type { Plan } from "./plan";

const digitsOf = (s: string) => s.replace(/\D/g, "");

/**
 * Merge an LLM brain's entities into the deterministic extraction, trusting a value only when
 * the visitor actually said it (or it is already known): a model must not invent a phone
 * number, an address or an order id. Enumerations (channel, details type, issue) pass through.
 */
export function mergeBrainEntities(
  turn: AgentTurn,
  utterance: string,
  x: Extraction,
  known: KnownFacts,
  site: SiteProfile,
  now: Date,
): Extraction {
  const e = turn.entities;
  const said = spokenDigitsToNumerals(utterance);
  const saidDigits = digitsOf(said);
  const saidText = spokenEmailToWritten(said.toLowerCase());
  const merged: Extraction = { ...x, phones: [...x.phones] };
  for (const candidate of [e.phone, e.whatsapp_number]) {
    if (!candidate || merged.phones.length > 0) continue;
    const parsed = parsePhoneNumberFromString(candidate, site.defaultRegion as CountryCode);
    if (!parsed?.isValid()) continue;
    const national = String(parsed.nationalNumber);
    if (
      saidDigits.includes(national) ||
      parsed.number === known.phone ||
      parsed.number === known.whatsapp_number
    )
      merged.phones.push(parsed.number);
  }
  if (
    !merged.email &&
    e.email &&
    (saidText.includes(e.email.toLowerCase()) || e.email === known.email)
  )
    merged.email = e.email;
  if (!merged.orderId && e.order_id) {
    const id = e.order_id.toUpperCase();
    if (
      said
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .includes(id.replace(/[^A-Z0-9]/g, ""))
    )
      merged.orderId = id;
  }
  if (
    !merged.time &&
    e.callback_time &&
    /\d|today|tomorrow|tonight|morning|afternoon|evening|noon|day/i.test(said)
  ) {
    const iso = localIsoToZonedIso(
      e.callback_time.replace(/(?:Z|[+-]\d{2}:\d{2})$/, ""),
      site.timezone,
    );
    const at = iso ? new Date(iso) : null;
    if (iso && at && !Number.isNaN(at.getTime())) {
      merged.time = {
        iso,
        at,
        hourKnown: true,
        dayKnown: true,
        localDate: iso.slice(0, 10),
        dayWords: e.callback_date ?? null,
        past: at.getTime() <= now.getTime(),
      };
    }
  }
  merged.channel ??= e.channel ?? null;
  merged.detailsType ??= e.details_type ?? null;
  merged.issueType ??= e.issue_type ?? null;
  merged.urgency ??= e.urgency ?? null;
  merged.product ??= e.product ?? null;
  return merged;
}

/** Actions the agent tells the visitor about ("I've sent…"): the registry's `announced` ones. */
const announced = (type: ActionType) => ACTIONS[type].announced;

/**
 * Keep the model's wording only when it says what the policy decided: same intent, same
 * question (or none), the same side effects, and knowledge used only where retrieval found it.
 * Otherwise the visitor hears the policy's sentence.
 */
export function brainWordingAgrees(brain: AgentTurn, decided: Plan): boolean {
  const t = decided.turn;
  if (brain.intent !== t.intent) return false;
  if (brain.needs_clarification !== t.needs_clarification) return false;
  if (t.needs_clarification && brain.missing_info[0] !== t.missing_info[0]) return false;
  if (brain.escalate_to_human !== t.escalate_to_human) return false;
  if (brain.used_knowledge && !t.used_knowledge) return false;
  // A knowledge answer is the brain's, already shaped for speech (two sentences, no "call us").
  if (t.used_knowledge && brain.immediate_response.trim() !== t.immediate_response) return false;
  const a = brain.actions.filter(announced).sort();
  const b = t.actions.filter(announced).sort();
  if (a.join() !== b.join()) return false;
  return brain.immediate_response.trim().length > 0;
}
