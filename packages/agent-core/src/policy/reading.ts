import type { Intent } from "@parley/protocol";
import { stemWord } from "@parley/knowledge/stem";
import type { Extraction } from "../understanding/entities";
import { contentTerms, normalizeText } from "../understanding/text";
import type { DialogueState } from "./dialogue-state";
import type { Draft, PlanInput } from "./draft";
import { readOn } from "./knowledge-answer";
import { TASK_INTENTS } from "./tasks/task";

/**
 * Working out what the visitor means here: the brain proposes an intent from the words alone;
 * the conversation decides what a bare "yes", "go on then" or a number means — an answer to
 * the agent's own offer or question comes first.
 */

/** Stemmed like the content terms they are compared with ("thanks" → "thank", "okay" → "okai"). */
const ACK_WORDS = new Set(
  "yes yeah yep yup sure okay ok alright right please thanks thank no nope nah fine great good perfect oh well sounds work works that's hmm go ahead connect cheers lovely brilliant"
    .split(" ")
    .map(stemWord),
);

/** Nothing but yes/no/thanks words: a reply to what the agent asked, not a new request. */
export function isBare(utterance: string): boolean {
  return contentTerms(utterance).filter((t) => !ACK_WORDS.has(t)).length <= 1;
}

export function hasSlotValue(x: Extraction): boolean {
  return x.phones.length > 0 || x.email !== null || x.orderId !== null || x.time !== null;
}

export function hasSlotAttempt(x: Extraction): boolean {
  return hasSlotValue(x) || x.invalidPhone !== null || x.invalidEmail || x.orderIdLike !== null;
}

/**
 * The intent in context, or null when the utterance was fully answered here (a declined
 * offer, "yes" to "anything else?"): `d` then holds the reply.
 */
export function readIntent(state: DialogueState, d: Draft, input: PlanInput): Intent | null {
  const { acts } = input;
  const x = input.extraction;
  const text = normalizeText(input.utterance);
  let intent: Intent = input.intent;
  const offer = state.offer;
  const task = state.task;
  const bare = isBare(input.utterance);
  /** The utterance asks for nothing the agent does ("Thanks, and text me the link" does). */
  const asksNothing = intent === "goodbye" || intent === "other" || intent === "greeting";
  // Thanks in answer to "anything else?" closes the call as "that's all" would: a caller who
  // says only "thanks for checking" (or whose "No, that's fine" a recogniser lost) is done.
  // So does a bare "cheers for checking" when nothing is pending (the problem was sorted).
  const closes =
    acts.closing ||
    (acts.thanks &&
      !acts.question &&
      asksNothing &&
      (offer?.kind === "closing" || (bare && !task && !offer)));
  if (acts.asksForHuman) intent = "escalation_request";
  else if (offer?.kind === "escalation" && bare && acts.affirmative) {
    intent = "escalation_request";
    d.fromContext = true;
  } else if (offer?.kind === "escalation" && bare && acts.negative) {
    state.offer = { kind: "closing" };
    d.intent = "other";
    d.response = d.say("declinedEscalation");
    d.stage = "closing";
    return null;
  } else if (
    state.lastAnswer &&
    (acts.more ||
      (offer?.kind === "more" && offer.action === "read_on" && bare && acts.affirmative))
  ) {
    // "Tell me more", or yes to "would you like to hear more?": read on from the last answer.
    readOn(state, d, input);
    return null;
  } else if (offer?.kind === "more" && offer.action === "email" && bare && acts.affirmative) {
    // Yes to "would you like the full details by email?".
    intent = "send_details_email";
    d.fromContext = true;
  } else if (offer?.kind === "more" && bare && acts.negative && !closes) {
    state.offer = { kind: "closing" };
    d.intent = "other";
    d.response = d.say("declinedOffer");
    d.stage = "closing";
    return null;
  } else if (
    (closes || (acts.negative && (offer?.kind === "closing" || bare))) &&
    !hasSlotValue(x) &&
    (asksNothing || bare || offer?.kind === "closing") &&
    !(acts.correction && hasSlotAttempt(x)) &&
    (offer?.kind === "closing" || closes) &&
    !(acts.question && !closes)
  ) {
    intent = "goodbye";
  } else if (offer?.kind === "closing" && bare && acts.affirmative && !hasSlotValue(x)) {
    d.intent = "other";
    d.response = d.say("whatElse");
    state.offer = null;
    return null;
  } else if (
    task &&
    (hasSlotAttempt(x) || (task.missing[0] === "details_type" && x.detailsType !== null)) &&
    (!TASK_INTENTS.has(intent) || intent === task.intent || bare)
  ) {
    intent = task.intent;
    d.fromContext = intent !== input.intent;
  } else if (
    !task &&
    state.lastCompleted &&
    acts.correction &&
    hasSlotAttempt(x) &&
    (!TASK_INTENTS.has(intent) || intent === state.lastCompleted.task.intent)
  ) {
    // "No, my number is …": redo the last request with the corrected value.
    state.task = { ...structuredClone(state.lastCompleted.task), missing: [] };
    intent = state.lastCompleted.task.intent;
    d.fromContext = true;
    if (x.phones[0] && state.lastCompleted.phoneSlot === "whatsapp_number")
      state.known.whatsapp_number = x.phones[0];
  } else if (
    state.currentOrderId &&
    acts.question &&
    (intent === "other" || intent === "product_query" || intent === "order_status") &&
    /\b(?:it|order|deliver\w*|arriv\w*|receive|today|tomorrow|when|notification|track\w*|courier)\b/.test(
      text,
    )
  ) {
    intent = "order_status";
    d.fromContext = intent !== input.intent;
  }
  d.intent = intent;
  if (offer?.kind === "escalation" && intent !== "escalation_request") state.offer = null;
  if (offer?.kind === "closing" && intent !== "goodbye") state.offer = null;
  if (offer?.kind === "more") state.offer = null;
  return intent;
}
