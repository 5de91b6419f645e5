import type { ConversationEntry } from "@parley/protocol";
import type { DialogueState, EscalationCategory } from "./dialogue-state";
import { addAction, request, type Draft, type PlanInput } from "./draft";
import type { SentenceId } from "./sentences/catalogue";

/** Which team a question or complaint belongs to, from its words and issue type. */
export function categoryFor(text: string, issue: string | null): EscalationCategory {
  if (
    issue === "billing" ||
    issue === "refund" ||
    /\b(?:bill|billing|invoice|payment|charge|price|refund)/i.test(text)
  )
    return "billing";
  if (
    issue === "delivery_delay" ||
    /\b(?:deliver|shipping|shipment|courier|order|package)/i.test(text)
  )
    return "delivery";
  if (
    issue === "technical" ||
    /\b(?:api|integrat|software|sdk|setup|install|configur|compatib|technical|error|bug|sso|driver|firmware|spec)/i.test(
      text,
    )
  )
    return "technical";
  return "general";
}

const TEAM: Record<EscalationCategory, SentenceId> = {
  technical: "teamTechnical",
  billing: "teamBilling",
  delivery: "teamDelivery",
  general: "teamGeneral",
};

/** The team's name as said in a sentence ("our technical team"). */
export function teamName(d: Draft, category: EscalationCategory): string {
  return d.say(TEAM[category]);
}

/** The visitor's last question, for the handoff's `query`. */
export function lastVisitorQuestion(state: DialogueState): string | null {
  for (let i = state.history.length - 1; i >= 0; i--) {
    const e = state.history[i]!;
    if (
      e.speaker === "visitor" &&
      /\?|^(?:what|how|do|does|is|are|can|why|when|where)\b/i.test(e.text)
    )
      return e.text.slice(0, 1000);
  }
  return null;
}

export interface EscalationReason {
  reason: string;
  category: EscalationCategory;
  query: string;
  topic: string | null;
}

/** Hand the call to a person: one `escalate_to_human` request carrying the handoff package. */
export function escalate(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  why: EscalationReason,
  response: string,
) {
  const k = state.known;
  const history: ConversationEntry[] = [
    ...state.history,
    { speaker: "visitor" as const, text: input.utterance.slice(0, 4000) },
  ].slice(-200);
  const handoff = {
    customer: (k.name ?? input.visitorId ?? "visitor").slice(0, 200),
    conversation_history: history,
    query: why.query.slice(0, 1000),
    customer_data: { name: k.name, company: k.company, phone: k.phone, email: k.email },
    ai_attempted: true,
    reason: why.reason,
  };
  const urgency = input.sentiment === "angry" ? "high" : (state.task?.urgency ?? undefined);
  request(state, d, {
    type: "escalate_to_human",
    idempotencyKey: input.key("escalate_to_human"),
    params: { category: why.category, ...(urgency ? { urgency } : {}), handoff },
  });
  d.intent = "escalation_request";
  d.response = response;
  d.escalate = true;
  addAction(d, "escalate_to_human");
  d.entities.requires_human = true;
  state.escalated = true;
  state.offer = null;
  state.task = null;
  d.stage = "escalation";
  d.status = "waiting_for_human";
}

/** After several failed answers or misunderstandings: straight to a person, with an apology. */
export function escalateAfterFailures(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  reason: string,
  category: EscalationCategory,
) {
  escalate(
    state,
    d,
    input,
    { reason, category, query: lastVisitorQuestion(state) ?? input.utterance, topic: null },
    d.say("transferringAfterFailures", { team: teamName(d, category) }),
  );
}
