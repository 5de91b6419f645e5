import type {
  Channel,
  ConversationEntry,
  DetailsType,
  Intent,
  IssueType,
  Lead,
  Order,
  Sentiment,
  Slot,
  Urgency,
} from "@parley/protocol";
import type { KnowledgeDocument } from "../retrieval/retriever";

/** What the visitor (or the site's lead record) has told us; never asked for twice. */
export interface KnownFacts {
  name: string | null;
  company: string | null;
  phone: string | null;
  /** True when the phone came from the visitor in this call rather than the lead record. */
  phoneFromVisitor: boolean;
  email: string | null;
  whatsapp_number: string | null;
  preferred_channel: Channel | null;
  order_id: string | null;
  callback_time: string | null;
  callback_date: string | null;
  /** Local date (YYYY-MM-DD, site zone) of a day named without an hour ("tomorrow"). */
  callback_day: string | null;
}

/** A request being assembled over several turns (slot filling). */
export interface OpenTask {
  intent: Extract<
    Intent,
    | "send_details_email"
    | "send_details_whatsapp"
    | "send_details_sms"
    | "callback_request"
    | "complaint"
    | "order_status"
  >;
  details_type: DetailsType | null;
  issue_type: IssueType | null;
  urgency: Urgency | null;
  product: string | null;
  /** Slots still missing, first is the one being asked. */
  missing: Slot[];
  /** Times each slot was asked for (three failed answers → specialist). */
  asked: Partial<Record<Slot, number>>;
}

/** Something the agent offered and is waiting for a yes/no to. */
export type Offer =
  | {
      kind: "escalation";
      query: string;
      /** What the question was about, when it can be said back (null: not restated). */
      topic: string | null;
      reason: string;
      category: EscalationCategory;
    }
  | { kind: "closing" }
  /** "Would you like the full … by email?" or "… hear more?" after a shortened answer. */
  | { kind: "more"; action: "email" | "read_on" };

/** The last knowledge answer, so "tell me more" reads on where it stopped. */
export interface LastAnswer {
  intent: Extract<Intent, "policy_query" | "product_query">;
  documentId: string;
  title: string;
  /** The passage the answer was shortened from. */
  text: string;
  /** Its sentences not said yet, in order. */
  remaining: string[];
}

export type EscalationCategory = "technical" | "billing" | "delivery" | "general";

/** The last completed request, so "no, my number is …" can redo it with the right value. */
export interface CompletedTask {
  task: OpenTask;
  /** Which slot carried the phone number (phone or whatsapp_number). */
  phoneSlot: "phone" | "whatsapp_number" | null;
}

/** An update_ticket waiting for the relay to say which ticket number create_ticket got. */
export interface DeferredTicketUpdate {
  status: "open" | "in_progress" | "resolved" | "closed";
  resolution: string;
}

/**
 * Everything the dialogue core remembers about one conversation. Plain data (cloneable), so a
 * brain can be shown a snapshot and a decision can be planned on a copy before it is committed.
 */
export interface DialogueState {
  turn: number;
  history: ConversationEntry[];
  known: KnownFacts;
  task: OpenTask | null;
  lastCompleted: CompletedTask | null;
  offer: Offer | null;
  /** Order lookups done in this call: id → order, or null when not found. */
  orders: Record<string, Order | null>;
  /** The order the conversation is about (after a successful lookup). */
  currentOrderId: string | null;
  /** Document of the last knowledge answer ("send me the full policy" means this one). */
  lastDocument: KnowledgeDocument | null;
  lastAnswer: LastAnswer | null;
  /** Signatures of the side effects already requested (never sent twice). */
  done: string[];
  /** create_ticket's idempotency key and, once the relay answers, its number. */
  ticket: { key: string; number: string | null; issue: IssueType } | null;
  deferredTicketUpdates: DeferredTicketUpdate[];
  /** Consecutive turns the agent could not help with. */
  failures: number;
  sentiments: Sentiment[];
  hadComplaint: boolean;
  escalated: boolean;
  ended: boolean;
}

/** The slot the agent has just asked for (the task's first missing one), if any. */
export function expectedSlot(state: DialogueState): Slot | null {
  return state.task?.missing[0] ?? null;
}

export function initialState(lead: Lead | undefined): DialogueState {
  return {
    turn: 0,
    history: [],
    known: {
      name: lead?.name ?? null,
      company: lead?.company ?? null,
      phone: lead?.phone ?? null,
      phoneFromVisitor: false,
      email: lead?.email ?? null,
      whatsapp_number: lead?.preferred_channel === "whatsapp" ? (lead.phone ?? null) : null,
      preferred_channel: lead?.preferred_channel ?? null,
      order_id: null,
      callback_time: null,
      callback_date: null,
      callback_day: null,
    },
    task: null,
    lastCompleted: null,
    offer: null,
    orders: {},
    currentOrderId: null,
    lastDocument: null,
    lastAnswer: null,
    done: [],
    ticket: null,
    deferredTicketUpdates: [],
    failures: 0,
    sentiments: [],
    hadComplaint: false,
    escalated: false,
    ended: false,
  };
}

export function cloneState(state: DialogueState): DialogueState {
  return structuredClone(state);
}
