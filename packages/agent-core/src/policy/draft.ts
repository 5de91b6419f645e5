import type {
  ActionRequest,
  ActionType,
  AgentTurn,
  CallStatus,
  Entities,
  Intent,
  Sentiment,
  SiteProfile,
  Slot,
  Stage,
} from "@parley/protocol";
import type { KnowledgeDocument, Passage, RetrievalThreshold } from "../retrieval/retriever";
import type { DialogueActs } from "../understanding/dialogue-acts";
import type { Extraction } from "../understanding/entities";
import { signatureOf, validRequest } from "./action-requests";
import type { DialogueState } from "./dialogue-state";
import { sentencesFor, type Say } from "./sentences/catalogue";

/** Everything one decision needs besides the dialogue state. */
export interface PlanInput {
  utterance: string;
  /** The brain's intent (a proposal: context can override it). */
  intent: Intent;
  extraction: Extraction;
  acts: DialogueActs;
  sentiment: Sentiment;
  passages: readonly Passage[];
  threshold: RetrievalThreshold;
  /** The brain's answer to a knowledge question (kept only when retrieval supports it). */
  knowledgeAnswer: string | null;
  documents: readonly KnowledgeDocument[];
  site: SiteProfile;
  now: Date;
  /** Idempotency key for an action of this turn. */
  key: (type: ActionRequest["type"]) => string;
  visitorId: string | null;
}

/** The full text behind a spoken answer, for a caption that expands. */
export interface AnswerSource {
  documentId: string;
  title: string;
  text: string;
}

export interface Plan {
  turn: AgentTurn;
  requests: ActionRequest[];
  /** Said after the actions were handed to the relay ("Is there anything else …?"). */
  followUp: string | null;
  endCall: boolean;
  stage: Stage;
  status: CallStatus;
  /** The intent came from context (a bare "yes", a slot answer), not the brain. */
  intentFromContext: boolean;
  /** The passage a knowledge answer was shortened from (null for other turns). */
  source: AnswerSource | null;
}

/** A decision being put together; `finalize` turns it into a `Plan`. */
export interface Draft {
  intent: Intent;
  response: string;
  entities: Entities;
  missing: Slot[];
  actions: ActionType[];
  requests: ActionRequest[];
  usedKnowledge: boolean;
  escalate: boolean;
  followUp: string | null;
  endCall: boolean;
  stage: Stage;
  status: CallStatus;
  fromContext: boolean;
  source: AnswerSource | null;
  /** The one clarification question of this turn. */
  question: string | null;
  /** The site's sentences. */
  say: Say;
}

export function newDraft(intent: Intent, site: SiteProfile): Draft {
  return {
    intent,
    response: "",
    entities: {},
    missing: [],
    actions: [],
    requests: [],
    usedKnowledge: false,
    escalate: false,
    followUp: null,
    endCall: false,
    stage: "understanding",
    status: "active",
    fromContext: false,
    source: null,
    question: null,
    say: sentencesFor(site.locale),
  };
}

/** Adds a request unless it fails validation or was already made in this call. */
export function request(state: DialogueState, d: Draft, candidate: unknown): boolean {
  const r = validRequest(candidate);
  if (!r) return false;
  const sig = signatureOf(r);
  if (state.done.includes(sig)) return false;
  state.done.push(sig);
  d.requests.push(r);
  return true;
}

export function addAction(d: Draft, a: ActionType) {
  if (!d.actions.includes(a)) d.actions.push(a);
}

/** The draft as the turn the visitor hears and the relay receives. */
export function finalize(state: DialogueState, d: Draft, input: PlanInput): Plan {
  const question = d.question;
  const response = d.response.replace(/\s+/g, " ").trim().slice(0, 2000);
  const turn: AgentTurn = {
    immediate_response: response,
    intent: d.intent,
    entities: d.entities,
    needs_clarification: question !== null,
    clarification_question: question,
    missing_info: question !== null ? d.missing : [],
    actions: d.actions,
    used_knowledge: d.usedKnowledge,
    escalate_to_human: d.escalate,
    sentiment: input.sentiment,
  };
  if (question !== null && d.stage === "understanding") {
    d.stage = "clarification";
    d.status = "clarification";
  }
  if (
    d.followUp === null &&
    state.offer?.kind === "closing" &&
    d.stage !== "ended" &&
    !/\?$/.test(response)
  ) {
    d.stage = "closing";
  }
  return {
    turn,
    requests: d.requests,
    followUp: d.followUp,
    endCall: d.endCall,
    stage: d.stage,
    status: d.status,
    intentFromContext: d.fromContext,
    source: d.source,
  };
}
