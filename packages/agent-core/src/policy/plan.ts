import {
  type ActionRequest,
  type ActionType,
  type AgentTurn,
  type CallStatus,
  type ConversationEntry,
  type Entities,
  type Intent,
  type Order,
  type Sentiment,
  type SiteProfile,
  type Slot,
  type Stage,
  localIsoToZonedIso,
} from "@parley/protocol";
import type { KnowledgeDocument, Passage, RetrievalThreshold } from "../retrieval/retriever";
import type { DialogueActs } from "../understanding/dialogue-acts";
import type { Extraction } from "../understanding/entities";
import { stemWord } from "@parley/knowledge/stem";
import { contentTerms, normalizeText } from "../understanding/text";
import { signatureOf, validRequest } from "./action-requests";
import {
  expectedSlot,
  type DialogueState,
  type EscalationCategory,
  type OpenTask,
} from "./dialogue-state";
import { detailsTypeOf, pickDocument, thingName } from "./documents";
import { invalidAnswer, questionFor, say } from "./responses";
import { speakDateTime, speakEta, speakPhone } from "./speech";

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
}

/** Stemmed like the content terms they are compared with ("thanks" → "thank", "okay" → "okai"). */
const ACK_WORDS = new Set(
  "yes yeah yep yup sure okay ok alright right please thanks thank no nope nah fine great good perfect oh well sounds work works that's hmm go ahead connect"
    .split(" ")
    .map(stemWord),
);

/** Nothing but yes/no/thanks words: a reply to what the agent asked, not a new request. */
function isBare(utterance: string): boolean {
  return contentTerms(utterance).filter((t) => !ACK_WORDS.has(t)).length <= 1;
}

const TASK_INTENTS = new Set<Intent>([
  "send_details_email",
  "send_details_whatsapp",
  "send_details_sms",
  "callback_request",
  "complaint",
  "order_status",
]);

const ORDER_ISSUES = new Set(["delivery_delay", "damaged_item", "wrong_item", "refund"]);

function hasSlotValue(x: Extraction): boolean {
  return x.phones.length > 0 || x.email !== null || x.orderId !== null || x.time !== null;
}

function hasSlotAttempt(x: Extraction): boolean {
  return hasSlotValue(x) || x.invalidPhone !== null || x.invalidEmail || x.orderIdLike !== null;
}

function categoryFor(text: string, issue: string | null): EscalationCategory {
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

const TEAM: Record<EscalationCategory, string> = {
  technical: "technical",
  billing: "billing",
  delivery: "delivery",
  general: "support",
};

/** The subject of a question, as it can be read back: "Salesforce API v2.0 integration". */
export function topicOf(utterance: string): string {
  let t = utterance
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?!.]+$/, "");
  t = t.replace(
    /^(?:(?:hi|hello|hey|so|okay|ok|um|uh|and|also|then)[, ]+)*(?:do you (?:guys )?(?:have|offer|support|provide|sell|do)|does (?:it|techcorp|your \w+) (?:have|support|offer)|is there(?: an?| any)?|are there(?: any)?|can (?:you|i) (?:tell me about|get|use)|tell me about|what about|how about|what is|what are|what's|how does|how do i|i need|i want|i'm looking for|i am looking for)\s+/i,
    "",
  );
  t = t.replace(/^(?:an?|any|the|your)\s+/i, "");
  const integration =
    /^(integration|integrations|support|compatibility|connector)\s+(?:with|for)\s+(.+)$/i.exec(t);
  if (integration) t = `${integration[2]} ${integration[1]!.toLowerCase().replace(/s$/, "")}`;
  if (t.length > 80) t = `${t.slice(0, 77).replace(/\s+\S*$/, "")}`;
  return t.length > 0 ? t : "that";
}

function slug(topic: string): string {
  return (
    topic
      .toLowerCase()
      .replace(/v?\d+(?:\.\d+)*/g, "")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 100) || "unknown"
  );
}

/** Requires `details_type` for "send me …" requests when nothing says what to send. */
function requiredSlots(task: OpenTask, state: DialogueState): Slot[] {
  const k = state.known;
  const out: Slot[] = [];
  const needsWhat = () => {
    if (!task.details_type && !state.lastDocument) out.push("details_type");
  };
  switch (task.intent) {
    case "send_details_email":
      needsWhat();
      if (!k.email) out.push("email");
      break;
    case "send_details_whatsapp":
      needsWhat();
      if (!k.whatsapp_number) out.push("whatsapp_number");
      break;
    case "send_details_sms":
      if (!(task.details_type === "tracking" && state.currentOrderId)) needsWhat();
      if (!k.phone) out.push("phone");
      break;
    case "callback_request":
      if (!k.callback_time) out.push("callback_time");
      if (!k.phone) out.push("phone");
      break;
    case "complaint":
      if ((task.issue_type === null || ORDER_ISSUES.has(task.issue_type)) && !orderFound(state))
        out.push("order_id");
      break;
    case "order_status":
      if (!orderFound(state)) out.push("order_id");
      break;
  }
  return out;
}

function orderFound(state: DialogueState): boolean {
  return state.currentOrderId !== null && state.orders[state.currentOrderId] != null;
}

/** The visitor's words are remembered before anything is decided (never ask twice). */
function remember(
  state: DialogueState,
  x: Extraction,
  input: PlanInput,
  taskIntent: Intent | null,
): Slot | null {
  const k = state.known;
  let invalidFor: Slot | null = null;
  const expected = expectedSlot(state);
  const wantsWhatsapp =
    expected === "whatsapp_number" ||
    taskIntent === "send_details_whatsapp" ||
    /\bwhats\s?app (?:number|no)\b/i.test(input.utterance);
  const phone = x.phones[0];
  if (phone) {
    if (wantsWhatsapp) {
      k.whatsapp_number = phone;
      if (!k.phone || !k.phoneFromVisitor) {
        k.phone = phone;
        k.phoneFromVisitor = true;
      }
    } else {
      k.phone = phone;
      k.phoneFromVisitor = true;
      // A number the visitor gave in this call is good for WhatsApp too.
      if (!k.whatsapp_number || state.lastCompleted?.phoneSlot === "phone")
        k.whatsapp_number = phone;
    }
  } else if (
    x.invalidPhone &&
    (expected === "phone" || expected === "whatsapp_number" || input.acts.correction)
  ) {
    invalidFor = expected === "whatsapp_number" || wantsWhatsapp ? "whatsapp_number" : "phone";
  }
  if (x.email) k.email = x.email;
  else if (x.invalidEmail && (expected === "email" || taskIntent === "send_details_email"))
    invalidFor = "email";
  if (x.name) k.name = x.name;
  const aboutCallback = taskIntent === "callback_request" || expected === "callback_time";
  if (x.time && aboutCallback) {
    let time = x.time;
    // "11 AM" after "tomorrow": the hour goes on the day already named.
    const day = !time.dayKnown ? (k.callback_day ?? k.callback_time?.slice(0, 10) ?? null) : null;
    let iso = time.iso;
    if (day && time.hourKnown) {
      const clock = /T(\d{2}:\d{2})/.exec(time.iso)?.[1];
      const zoned = clock ? localIsoToZonedIso(`${day}T${clock}:00`, input.site.timezone) : null;
      if (zoned) {
        iso = zoned;
        const at = new Date(zoned);
        time = { ...time, iso, at, past: at.getTime() <= input.now.getTime() };
      }
    }
    if (time.past) invalidFor = "callback_time";
    else if (!time.hourKnown) {
      k.callback_day = time.localDate;
      k.callback_date = time.dayWords;
    } else {
      k.callback_time = iso;
      k.callback_date = time.dayWords ?? k.callback_date;
      k.callback_day = null;
    }
  }
  if (x.orderId) {
    k.order_id = x.orderId;
    const found = input.extraction.orderId ? state.orders[x.orderId] : undefined;
    if (found) state.currentOrderId = x.orderId;
    else if (found === null) invalidFor = "order_id";
  } else if (
    x.orderIdLike &&
    (expected === "order_id" || taskIntent === "complaint" || taskIntent === "order_status")
  ) {
    invalidFor = "order_id";
  }
  return invalidFor;
}

interface Draft {
  intent: Intent;
  response: string;
  entities: Entities;
  missing: Slot[];
  question: string | null;
  actions: ActionType[];
  requests: ActionRequest[];
  usedKnowledge: boolean;
  escalate: boolean;
  followUp: string | null;
  endCall: boolean;
  stage: Stage;
  status: CallStatus;
  fromContext: boolean;
  /** Records the one clarification question of this turn. */
  needsClarification: (question: string) => void;
}

function newDraft(intent: Intent): Draft {
  return {
    intent,
    response: "",
    entities: {},
    missing: [],
    question: null,
    actions: [],
    requests: [],
    usedKnowledge: false,
    escalate: false,
    followUp: null,
    endCall: false,
    stage: "understanding",
    status: "active",
    fromContext: false,
    needsClarification: () => {},
  };
}

/** Adds a request unless it fails validation or was already made in this call. */
function request(state: DialogueState, d: Draft, candidate: unknown): boolean {
  const r = validRequest(candidate);
  if (!r) return false;
  const sig = signatureOf(r);
  if (state.done.includes(sig)) return false;
  state.done.push(sig);
  d.requests.push(r);
  return true;
}

function addAction(d: Draft, a: ActionType) {
  if (!d.actions.includes(a)) d.actions.push(a);
}

function escalate(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  why: { reason: string; category: EscalationCategory; query: string; topic: string | null },
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
    type: "escalate",
    idempotencyKey: input.key("escalate"),
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

function knowledgeIsThere(input: PlanInput): boolean {
  const top = input.passages[0]?.score ?? -1;
  return top >= input.threshold.noAnswerBelow;
}

function orderSentence(
  order: Order,
  product: string | null,
  complaint: boolean,
): { text: string; resolved: boolean } {
  const status = order.status.trim();
  const lower = status.toLowerCase();
  const thing = product ? `your ${product}` : "your order";
  const eta = order.estimated_delivery ? speakEta(order.estimated_delivery) : null;
  const moving = /out for delivery|shipped|in transit|dispatched|on (?:its|the) way/.test(lower);
  if (moving) {
    const now = /out for delivery/.test(lower) ? " right now" : "";
    return {
      text: `${complaint ? "Good news - " : ""}${thing} is ${complaint ? "actually " : ""}${lower}${now}${eta ? ` and should reach you ${eta}` : ""}.`,
      resolved: true,
    };
  }
  if (/delivered/.test(lower))
    return { text: `Our records show ${thing} as delivered.`, resolved: !complaint };
  return {
    text: `The status of ${thing} is: ${status}${eta ? `, expected ${eta}` : ""}.`,
    resolved: !complaint,
  };
}

/** Complaint about an order we found: answer from the order, then SMS + email + ticket. */
function resolveComplaint(state: DialogueState, d: Draft, input: PlanInput, task: OpenTask) {
  const orderId = state.currentOrderId!;
  const order = state.orders[orderId]!;
  const product = task.product ?? order.product ?? null;
  const { text, resolved } = orderSentence(order, product, true);
  const k = state.known;
  if (input.extraction.orderId === orderId) addAction(d, "lookup_order");
  d.entities.order_id = orderId;
  d.entities.resolution_status = resolved ? "resolved" : "pending";
  const sent: string[] = [];
  if (k.phone) {
    d.entities.phone = k.phone;
    if (
      request(state, d, {
        type: "send_sms",
        idempotencyKey: input.key("send_sms"),
        params: { to: k.phone, template: "order_tracking", orderId },
      })
    )
      sent.push("sms");
    addAction(d, "send_sms");
  }
  if (k.email) {
    if (
      request(state, d, {
        type: "send_email",
        idempotencyKey: input.key("send_email"),
        params: { to: k.email, template: "order_update", orderId },
      })
    )
      sent.push("email");
    addAction(d, "send_email");
  }
  const resolution =
    `${order.status}${order.estimated_delivery ? `, ETA ${order.estimated_delivery}` : ""}`.slice(
      0,
      1000,
    );
  ticket(state, d, input, task, resolved ? "resolved" : "in_progress", resolution, orderId);
  const also =
    sent.includes("sms") && sent.includes("email")
      ? " I'll also send you a tracking link via SMS and the details by email."
      : sent.includes("sms")
        ? " I'll also send you a tracking link via SMS."
        : sent.includes("email")
          ? " I'll also email you the details."
          : "";
  const next = resolved
    ? ""
    : " I've flagged this to our delivery team and they will follow up with you.";
  d.response = `Thank you. I've checked order ${orderId}. ${text.charAt(0).toUpperCase()}${text.slice(1)}${also}${next}`;
  d.stage = d.requests.length > 0 ? "sending_communications" : "resolution";
  d.status = d.requests.length > 0 ? "background_processing" : "active";
}

/** create_ticket once per call; later changes are update_ticket (deferred until its number is known). */
function ticket(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  task: OpenTask,
  status: "open" | "in_progress" | "resolved",
  resolution: string | null,
  orderId: string | null,
) {
  if (!state.ticket) {
    const key = input.key("create_ticket");
    const priority = task.urgency === "high" || input.sentiment === "angry" ? "high" : "medium";
    const summary =
      `${(task.issue_type ?? "other").replace(/_/g, " ")}${task.product ? ` (${task.product})` : ""}: ${input.utterance}`
        .replace(/\s+/g, " ")
        .slice(0, 1000);
    const ok = request(state, d, {
      type: "create_ticket",
      idempotencyKey: key,
      params: {
        issue_type: task.issue_type ?? "other",
        priority,
        summary,
        ...(orderId ? { orderId } : {}),
        status,
        ...(resolution ? { resolution } : {}),
      },
    });
    if (ok) {
      state.ticket = { key, number: null, issue: task.issue_type ?? "other" };
      addAction(d, "create_ticket");
    }
    return;
  }
  addAction(d, "update_ticket");
  const update = { status, resolution: resolution ?? status };
  if (state.ticket.number) {
    request(state, d, {
      type: "update_ticket",
      idempotencyKey: input.key("update_ticket"),
      params: { ticket: state.ticket.number, ...update },
    });
  } else {
    state.deferredTicketUpdates.push(update);
  }
}

/** Every slot is there: make the requests and say so. */
function complete(state: DialogueState, d: Draft, input: PlanInput, task: OpenTask) {
  const k = state.known;
  const tz = input.site.timezone;
  const doc = pickDocument(task.details_type, input.documents, state.lastDocument);
  const detailsType = task.details_type ?? detailsTypeOf(doc);
  const thing = thingName(detailsType, doc);
  const shortThing = thingName(detailsType, doc, true);
  if (detailsType) d.entities.details_type = detailsType;
  const before = d.requests.length;
  let phoneSlot: "phone" | "whatsapp_number" | null = null;
  switch (task.intent) {
    case "send_details_email": {
      d.entities.channel = "email";
      d.entities.email = k.email;
      const orderMail =
        (detailsType === "order_details" || detailsType === "tracking") && state.currentOrderId;
      request(state, d, {
        type: "send_email",
        idempotencyKey: input.key("send_email"),
        params: orderMail
          ? { to: k.email, template: "order_update", orderId: state.currentOrderId }
          : { to: k.email, template: "document", ...(doc ? { documentId: doc.id } : {}) },
      });
      addAction(d, "send_email");
      if (doc) addAction(d, "fetch_document");
      d.response = `Absolutely! I'll send ${thing} to your email right away.`;
      d.followUp = `Your request has been logged. You'll receive ${shortThing} via email shortly. ${say.anythingElse()}`;
      break;
    }
    case "send_details_whatsapp": {
      d.entities.channel = "whatsapp";
      d.entities.whatsapp_number = k.whatsapp_number;
      phoneSlot = "whatsapp_number";
      request(state, d, {
        type: "send_whatsapp",
        idempotencyKey: input.key("send_whatsapp"),
        params: {
          to: k.whatsapp_number,
          template: detailsType === "product_catalog" ? "catalog" : "document",
          ...(doc ? { documentId: doc.id } : {}),
        },
      });
      addAction(d, "send_whatsapp");
      addAction(d, "fetch_document");
      d.response = `Perfect! I'll send ${thing} to your WhatsApp at ${speakPhone(k.whatsapp_number!, input.site.defaultRegion)} right away.`;
      d.followUp = `You should receive ${shortThing} on WhatsApp in the next few seconds. Is there anything else I can help you with?`;
      break;
    }
    case "send_details_sms": {
      d.entities.channel = "sms";
      d.entities.phone = k.phone;
      phoneSlot = "phone";
      const tracking = detailsType === "tracking" && state.currentOrderId;
      request(state, d, {
        type: "send_sms",
        idempotencyKey: input.key("send_sms"),
        params: tracking
          ? { to: k.phone, template: "order_tracking", orderId: state.currentOrderId }
          : { to: k.phone, template: "document_link", ...(doc ? { documentId: doc.id } : {}) },
      });
      addAction(d, "send_sms");
      d.response = `Sure! I'll text ${thing} to ${speakPhone(k.phone!, input.site.defaultRegion)} right away.`;
      d.followUp = say.anythingElse();
      break;
    }
    case "callback_request": {
      d.entities.callback_time = k.callback_time;
      if (k.callback_date) d.entities.callback_date = k.callback_date;
      d.entities.phone = k.phone;
      phoneSlot = "phone";
      request(state, d, {
        type: "schedule_callback",
        idempotencyKey: input.key("schedule_callback"),
        params: {
          phone: k.phone,
          time: k.callback_time,
          reason: "Callback requested by the visitor",
        },
      });
      request(state, d, {
        type: "send_sms",
        idempotencyKey: input.key("send_sms"),
        params: { to: k.phone, template: "callback_confirmation", callbackTime: k.callback_time },
      });
      addAction(d, "schedule_callback");
      addAction(d, "send_sms");
      k.preferred_channel = "call";
      const when = speakDateTime(new Date(k.callback_time!), input.now, tz);
      d.response = `Perfect! I'll schedule a callback for ${when}. You'll receive a confirmation SMS shortly.`;
      d.followUp = say.anythingElse();
      break;
    }
    case "complaint": {
      d.entities.issue_type = task.issue_type;
      d.entities.urgency = task.urgency;
      if (task.product) d.entities.product = task.product;
      if (orderFound(state)) resolveComplaint(state, d, input, task);
      else {
        ticket(state, d, input, task, "open", null, null);
        const team = TEAM[categoryFor(input.utterance, task.issue_type)];
        d.response = `I'm sorry about that. I've logged a ${task.urgency === "high" ? "high-priority " : ""}support ticket and our ${team} team will follow up with you. ${say.anythingElse()}`;
        state.offer = { kind: "closing" };
      }
      break;
    }
    case "order_status": {
      const orderId = state.currentOrderId!;
      const order = state.orders[orderId]!;
      if (input.extraction.orderId === orderId) addAction(d, "lookup_order");
      d.entities.order_id = orderId;
      const { text } = orderSentence(order, task.product ?? order.product ?? null, false);
      const sentBefore = state.done.filter((s) => s.includes(orderId));
      const followUpQuestion = input.acts.question && state.hadComplaint;
      if (followUpQuestion) {
        const sms = sentBefore.some((s) => s.startsWith("send_sms"));
        const mail = sentBefore.some((s) => s.startsWith("send_email"));
        const reminders = [
          sms
            ? " I've also sent you a tracking link via SMS so you can monitor it in real time."
            : "",
          mail
            ? `${sms ? " Plus, I've" : " I've"} sent a detailed email with all the information.`
            : "",
        ].join("");
        d.response = `Yes, absolutely. ${text.charAt(0).toUpperCase()}${text.slice(1)}${reminders} Is there anything else I can help you with?`;
      } else {
        d.response = `I've checked order ${orderId}. ${text.charAt(0).toUpperCase()}${text.slice(1)} ${say.anythingElse()}`;
      }
      state.offer = { kind: "closing" };
      d.stage = "resolution";
      break;
    }
  }
  const sentSomething = d.requests.length > before;
  if (
    !sentSomething &&
    d.actions.some((a) => a.startsWith("send_")) &&
    task.intent !== "complaint"
  ) {
    // Everything it asked for was already requested earlier in this call.
    d.response = say.alreadySent(thing);
    d.followUp = say.anythingElse();
  }
  if (d.followUp) state.offer = { kind: "closing" };
  if (d.stage === "understanding") {
    d.stage = sentSomething ? "sending_communications" : "resolution";
    d.status = sentSomething ? "background_processing" : "active";
  }
  state.lastCompleted = { task: structuredClone(task), phoneSlot };
  state.task = null;
  state.failures = 0;
}

function describeThing(task: OpenTask, state: DialogueState, input: PlanInput): string {
  const doc = pickDocument(task.details_type, input.documents, state.lastDocument);
  if (task.details_type === "tracking" && state.currentOrderId) return "the tracking link";
  return thingName(task.details_type ?? detailsTypeOf(doc), doc, true);
}

/** Ask for the first missing slot (one clear question). */
function askFor(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  task: OpenTask,
  invalid: Slot | null,
): string {
  const slot = task.missing[0]!;
  task.asked[slot] = (task.asked[slot] ?? 0) + 1;
  const q = questionFor(slot, {
    thing: describeThing(task, state, input),
    dayWords: state.known.callback_date,
    forCallback: task.intent === "callback_request",
  });
  d.needsClarification(q);
  return invalid === slot ? `${invalidAnswer(slot)} ${q}` : q;
}

function taskFrom(
  intent: OpenTask["intent"],
  x: Extraction,
  state: DialogueState,
  sentiment: Sentiment,
): OpenTask {
  const old = state.task && state.task.intent === intent ? state.task : null;
  return {
    intent,
    details_type:
      x.detailsType ??
      old?.details_type ??
      (intent === "send_details_whatsapp" && !state.lastDocument ? "product_catalog" : null),
    issue_type: x.issueType ?? old?.issue_type ?? (intent === "complaint" ? null : null),
    urgency:
      x.urgency ??
      old?.urgency ??
      (intent === "complaint" ? (sentiment === "angry" ? "high" : "medium") : null),
    product: x.product ?? old?.product ?? null,
    missing: [],
    asked: old?.asked ?? {},
  };
}

/**
 * The decision for one visitor utterance, shared by every brain: the Lite brain plans with it
 * directly; for an LLM brain the policy layer plans with it and keeps the model's wording only
 * where the decision agrees. Mutates `state` (callers plan on a copy when they only look).
 */
export function plan(state: DialogueState, input: PlanInput): Plan {
  const { acts, site } = input;
  const x = input.extraction;
  const d = newDraft(input.intent);
  let question: string | null = null;
  d.needsClarification = (q: string) => {
    question = q;
  };
  const text = normalizeText(input.utterance);
  const finish = (): Plan => finalize(state, d, input, question);

  if (state.ended) {
    d.intent = "goodbye";
    d.response = say.goodbye(site.company);
    d.endCall = true;
    d.stage = "ended";
    d.status = "ended";
    return finish();
  }
  if (text === "") {
    d.intent = "other";
    d.response = say.didNotCatch();
    return finish();
  }
  if (acts.garbage) {
    d.intent = "other";
    d.response = say.garbage();
    return finish();
  }

  // 1. What does the utterance mean here? Context can override the brain's intent.
  let intent: Intent = input.intent;
  const offer = state.offer;
  const task = state.task;
  const bare = isBare(input.utterance);
  /** The utterance asks for nothing the agent does ("Thanks, and text me the link" does). */
  const asksNothing = intent === "goodbye" || intent === "other" || intent === "greeting";
  // Thanks in answer to "anything else?" closes the call as "that's all" would: a caller who
  // says only "thanks for checking" (or whose "No, that's fine" a recogniser lost) is done.
  const closes =
    acts.closing || (offer?.kind === "closing" && acts.thanks && !acts.question && asksNothing);
  if (acts.asksForHuman) intent = "escalation_request";
  else if (offer?.kind === "escalation" && bare && acts.affirmative) {
    intent = "escalation_request";
    d.fromContext = true;
  } else if (offer?.kind === "escalation" && bare && acts.negative) {
    state.offer = { kind: "closing" };
    d.intent = "other";
    d.response = say.declinedEscalation();
    d.stage = "closing";
    return finish();
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
    d.response = say.whatElse();
    state.offer = null;
    return finish();
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

  // 2. Remember what was given (slot values go to the open or new task).
  const taskIntent = TASK_INTENTS.has(intent) ? intent : (state.task?.intent ?? null);
  const invalid = remember(state, x, input, taskIntent);

  // 3. Decide.
  switch (intent) {
    case "goodbye": {
      d.response = state.hadComplaint
        ? say.goodbyeAfterComplaint(site.company)
        : say.goodbye(site.company);
      d.endCall = true;
      d.stage = "ended";
      d.status = "ended";
      state.ended = true;
      state.offer = null;
      return finish();
    }
    case "escalation_request": {
      const o = offer?.kind === "escalation" ? offer : null;
      const category = o?.category ?? categoryFor(input.utterance, state.task?.issue_type ?? null);
      const team = TEAM[category];
      escalate(
        state,
        d,
        input,
        o
          ? { reason: o.reason, category, query: o.query, topic: o.topic }
          : {
              reason: "Visitor asked for a human agent",
              category,
              query: lastVisitorQuestion(state) ?? input.utterance,
              topic: null,
            },
        say.transferring(
          team,
          o && o.reason.startsWith("Technical query") ? o.topic : (o?.topic ?? null),
        ),
      );
      if (o) d.entities.product_feature = slug(o.topic);
      return finish();
    }
    case "greeting": {
      d.response = say.hello();
      d.stage = "greeting";
      if (state.task) return reask(state, d, input, say.hello());
      return finish();
    }
  }

  if (TASK_INTENTS.has(intent)) {
    const t = taskFrom(intent as OpenTask["intent"], x, state, input.sentiment);
    if (intent === "complaint") {
      state.hadComplaint = true;
      d.entities.issue_type = t.issue_type;
      d.entities.urgency = t.urgency;
      if (t.product) d.entities.product = t.product;
    }
    if (x.detailsType) d.entities.details_type = x.detailsType;
    else if (t.details_type) d.entities.details_type = t.details_type;
    if (x.channel && x.channel !== "call") d.entities.channel = x.channel;
    state.task = t;
    t.missing = requiredSlots(t, state);
    // An order id that was looked up and not found is asked again, with a reason.
    const badOrder = x.orderId && state.orders[x.orderId] === null ? "order_id" : null;
    const invalidSlot = invalid ?? badOrder;
    if (t.missing.length === 0) {
      complete(state, d, input, t);
      return finish();
    }
    if (invalidSlot) {
      state.failures += 1;
      if ((t.asked[invalidSlot] ?? 0) >= 3) {
        escalate(
          state,
          d,
          input,
          {
            reason: `Could not get a valid ${invalidSlot.replace(/_/g, " ")} after several tries`,
            category: categoryFor(input.utterance, t.issue_type),
            query: lastVisitorQuestion(state) ?? input.utterance,
            topic: null,
          },
          say.transferringAfterFailures(TEAM[categoryFor(input.utterance, t.issue_type)]),
        );
        return finish();
      }
    } else state.failures = 0;
    const q = askFor(state, d, input, t, invalidSlot);
    d.missing = [...t.missing];
    d.stage = "clarification";
    d.status = "clarification";
    // Brief, scenario 4: a complaint opens its ticket while the order id is still being asked.
    if (intent === "complaint" && !state.ticket) ticket(state, d, input, t, "open", null, null);
    if (intent === "complaint" && !d.fromContext && t.asked.order_id === 1) {
      const what =
        t.issue_type === "delivery_delay"
          ? "for the delay"
          : t.issue_type === "damaged_item"
            ? "that it arrived damaged"
            : "for the trouble";
      d.response = `I sincerely apologize ${what}. I understand how frustrating this must be. Let me check your order status right away. ${q}`;
    } else if (
      intent === "callback_request" &&
      t.missing[0] === "callback_time" &&
      !invalidSlot &&
      !d.fromContext
    ) {
      d.response = `I'd be happy to schedule that. ${q}`;
    } else if (
      t.intent === "send_details_whatsapp" &&
      t.missing[0] === "whatsapp_number" &&
      !invalidSlot &&
      !d.fromContext
    ) {
      d.response = `Sure! ${q}`;
    } else if (d.fromContext && t.missing[0] !== undefined && !invalidSlot) {
      d.response = `Thank you. ${q}`;
    } else d.response = q;
    return finish();
  }

  // 4. A question (or something not understood): answer from knowledge, never guess.
  const isQuestionIntent = intent === "policy_query" || intent === "product_query";
  if (isQuestionIntent || acts.question || (intent === "other" && knowledgeIsThere(input))) {
    if (knowledgeIsThere(input) && input.knowledgeAnswer) {
      const best = input.passages[0]!;
      d.intent = isQuestionIntent ? intent : "product_query";
      d.response = input.knowledgeAnswer;
      d.usedKnowledge = true;
      d.stage = "resolution";
      state.lastDocument = input.documents.find((doc) => doc.id === best.documentId) ?? {
        id: best.documentId,
        title: best.title,
        attachable: true,
      };
      state.failures = 0;
      if (state.task) return reask(state, d, input, d.response);
      return finish();
    }
    const topic = topicOf(input.utterance);
    const category = categoryFor(input.utterance, null);
    d.intent = isQuestionIntent ? intent : "product_query";
    d.entities.product_feature = slug(topic);
    d.entities.requires_human = true;
    d.response = say.noInformation(topic, TEAM[category]);
    state.offer = {
      kind: "escalation",
      query: input.utterance.replace(/\s+/g, " ").trim().slice(0, 1000),
      topic,
      reason: `${category === "technical" ? "Technical query" : "Query"} outside knowledge base`,
      category,
    };
    d.stage = "escalation";
    return finish();
  }

  // 5. Not understood.
  state.failures += 1;
  d.intent = "other";
  if (state.failures >= 3) {
    escalate(
      state,
      d,
      input,
      {
        reason: "Repeated failure to understand the visitor",
        category: "general",
        query: lastVisitorQuestion(state) ?? input.utterance,
        topic: null,
      },
      say.transferringAfterFailures(TEAM.general),
    );
    return finish();
  }
  if (state.failures === 2) {
    d.response = say.offerSpecialistAfterFailures();
    state.offer = {
      kind: "escalation",
      query: lastVisitorQuestion(state) ?? input.utterance.slice(0, 1000),
      topic: "your request",
      reason: "Repeated failure to understand the visitor",
      category: "general",
    };
    return finish();
  }
  if (state.task) return reask(state, d, input, "I'm sorry, I didn't quite get that.");
  d.response = say.notUnderstood(site.company);
  return finish();
}

/** Answer something else, then come back to the open request. */
function reask(state: DialogueState, d: Draft, input: PlanInput, said: string): Plan {
  const task = state.task!;
  task.missing = requiredSlots(task, state);
  if (task.missing.length === 0) {
    d.response = said;
    return finalize(state, d, input, null);
  }
  let question: string | null = null;
  d.needsClarification = (q) => {
    question = q;
  };
  const q = askFor(state, d, input, task, null);
  d.response = `${said} ${say.comingBack(q)}`;
  d.missing = [...task.missing];
  return finalize(state, d, input, question);
}

function lastVisitorQuestion(state: DialogueState): string | null {
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

function finalize(state: DialogueState, d: Draft, input: PlanInput, question: string | null): Plan {
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
  };
}
