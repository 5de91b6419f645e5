import type { Sentiment, Slot } from "@parley/protocol";
import type { Extraction } from "../understanding/entities";
import { normalizeText } from "../understanding/text";
import type { DialogueState, OpenTask } from "./dialogue-state";
import { detailsTypeOf, pickDocument, thingName } from "./documents";
import { finalize, newDraft, type Draft, type Plan, type PlanInput } from "./draft";
import {
  categoryFor,
  escalate,
  escalateAfterFailures,
  lastVisitorQuestion,
  teamName,
} from "./escalation";
import { answerFromKnowledge, namedDocument } from "./knowledge-answer";
import { readIntent } from "./reading";
import { remember } from "./remember";
import { questionFor, invalidAnswer } from "./responses";
import { TASKS } from "./tasks/table";
import { TASK_INTENTS, type TaskContext, type TaskIntent } from "./tasks/task";
import { ticket } from "./tasks/orders";
import { topicSlug } from "./topic";

export type { Plan, PlanInput } from "./draft";

/**
 * The decision for one visitor utterance, shared by every brain: the Lite brain plans with it
 * directly; for an LLM brain the policy layer plans with it and keeps the model's wording only
 * where the decision agrees. Three steps: what the visitor means here (`readIntent`), what they
 * gave (`remember`), and the next step (a task from `TASKS`, an answer, or a handoff).
 * Mutates `state` (callers plan on a copy when they only look).
 */
export function plan(state: DialogueState, input: PlanInput): Plan {
  const decided = decide(state, input);
  // "Tell me more" reads on only right after an answer.
  if (!decided.turn.used_knowledge) state.lastAnswer = null;
  return decided;
}

function decide(state: DialogueState, input: PlanInput): Plan {
  const { acts, site } = input;
  const x = input.extraction;
  const d = newDraft(input.intent, site);
  const finish = (): Plan => finalize(state, d, input);

  if (state.ended) {
    d.intent = "goodbye";
    d.response = d.say("goodbye", { company: site.company });
    d.endCall = true;
    d.stage = "ended";
    d.status = "ended";
    return finish();
  }
  if (normalizeText(input.utterance) === "") {
    d.intent = "other";
    d.response = d.say("didNotCatch");
    return finish();
  }
  if (acts.garbage) {
    d.intent = "other";
    d.response = d.say("garbage");
    return finish();
  }

  // 1. What does the utterance mean here? Context can override the brain's intent.
  const offer = state.offer;
  const intent = readIntent(state, d, input);
  if (intent === null) return finish();

  // 2. Remember what was given (slot values go to the open or new task).
  const taskIntent = TASK_INTENTS.has(intent) ? intent : (state.task?.intent ?? null);
  const invalid = remember(state, x, input, taskIntent);

  // 3. Decide.
  switch (intent) {
    case "goodbye": {
      d.response = d.say(state.hadComplaint ? "goodbyeAfterComplaint" : "goodbye", {
        company: site.company,
      });
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
      const team = teamName(d, category);
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
        o?.topic
          ? d.say("transferringAbout", { team, topic: o.topic })
          : d.say("transferring", { team }),
      );
      if (o?.topic) d.entities.product_feature = topicSlug(o.topic);
      return finish();
    }
    case "greeting": {
      d.response = d.say("hello");
      d.stage = "greeting";
      if (state.task) return reask(state, d, input, d.response);
      return finish();
    }
  }

  if (TASK_INTENTS.has(intent)) return runTask(state, d, input, intent as TaskIntent, invalid);

  // 4. A question (or something not understood): answer from knowledge, never guess.
  if (answerFromKnowledge(state, d, input, intent)) {
    if (state.task && d.usedKnowledge) return reask(state, d, input, d.response);
    return finish();
  }

  // 5. Not understood.
  state.failures += 1;
  d.intent = "other";
  if (state.failures >= 3) {
    escalateAfterFailures(state, d, input, "Repeated failure to understand the visitor", "general");
    return finish();
  }
  if (state.failures === 2) {
    d.response = d.say("offerSpecialistAfterFailures");
    state.offer = {
      kind: "escalation",
      query: lastVisitorQuestion(state) ?? input.utterance.slice(0, 1000),
      topic: null,
      reason: "Repeated failure to understand the visitor",
      category: "general",
    };
    return finish();
  }
  if (state.task) return reask(state, d, input, d.say("notUnderstoodShort"));
  d.response = d.say("notUnderstood", { company: site.company });
  return finish();
}

/** A task turn: open or continue it, ask for the next missing slot, or complete it. */
function runTask(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  intent: TaskIntent,
  invalid: Slot | null,
): Plan {
  const x = input.extraction;
  const t = taskFrom(intent, x, state, input.sentiment);
  // "Text me your opening times": the request names what to send.
  const named =
    t.details_type || intent.startsWith("send_details") === false ? null : namedDocument(input);
  if (named) state.lastDocument = named;
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
  t.missing = TASKS[intent].missing(t, state);
  // An order id that was looked up and not found is asked again, with a reason.
  const badOrder = x.orderId && state.orders[x.orderId] === null ? "order_id" : null;
  const invalidSlot = invalid ?? badOrder;
  if (t.missing.length === 0) {
    complete(state, d, input, t);
    return finalize(state, d, input);
  }
  if (invalidSlot) {
    state.failures += 1;
    if ((t.asked[invalidSlot] ?? 0) >= 3) {
      escalateAfterFailures(
        state,
        d,
        input,
        `Could not get a valid ${invalidSlot.replace(/_/g, " ")} after several tries`,
        categoryFor(input.utterance, t.issue_type),
      );
      return finalize(state, d, input);
    }
  } else state.failures = 0;
  const q = askFor(state, d, input, t, invalidSlot);
  d.missing = [...t.missing];
  d.stage = "clarification";
  d.status = "clarification";
  // Brief, scenario 4: a complaint opens its ticket while the order id is still being asked.
  if (intent === "complaint" && !state.ticket) ticket(state, d, input, t, "open", null, null);
  const slot = t.missing[0]!;
  const leadIn = TASKS[intent].leadIn?.(context(state, d, input, t), slot, invalidSlot) ?? null;
  if (leadIn) d.response = `${leadIn} ${q}`;
  else if (d.fromContext && !invalidSlot) d.response = `${d.say("leadInThanks")} ${q}`;
  else d.response = q;
  return finalize(state, d, input);
}

function context(state: DialogueState, d: Draft, input: PlanInput, task: OpenTask): TaskContext {
  const doc = pickDocument(task.details_type, input.documents, state.lastDocument);
  const detailsType = task.details_type ?? detailsTypeOf(doc);
  return {
    state,
    d,
    input,
    task,
    doc,
    detailsType,
    thing: thingName(d.say, detailsType, doc),
    shortThing: thingName(d.say, detailsType, doc, true),
  };
}

/** Every slot is there: the task makes its requests and says so. */
function complete(state: DialogueState, d: Draft, input: PlanInput, task: OpenTask) {
  const ctx = context(state, d, input, task);
  if (ctx.detailsType) d.entities.details_type = ctx.detailsType;
  const before = d.requests.length;
  const phoneSlot = TASKS[task.intent].complete(ctx);
  const sentSomething = d.requests.length > before;
  if (
    !sentSomething &&
    d.actions.some((a) => a.startsWith("send_")) &&
    task.intent !== "complaint"
  ) {
    // Everything it asked for was already requested earlier in this call.
    d.response = d.say("alreadySent", { thing: ctx.thing });
    d.followUp = d.say("anythingElse");
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

/** What a "send me …" request is about, as a question names it ("the catalog"). */
function describeThing(task: OpenTask, state: DialogueState, input: PlanInput, d: Draft): string {
  const doc = pickDocument(task.details_type, input.documents, state.lastDocument);
  if (task.details_type === "tracking" && state.currentOrderId) return d.say("thingTracking");
  return thingName(d.say, task.details_type ?? detailsTypeOf(doc), doc, true);
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
  const q = questionFor(d.say, slot, {
    thing: describeThing(task, state, input, d),
    dayWords: state.known.callback_date,
    forCallback: task.intent === "callback_request",
  });
  d.question = q;
  return invalid === slot ? `${invalidAnswer(d.say, slot)} ${q}` : q;
}

function taskFrom(
  intent: TaskIntent,
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
    issue_type: x.issueType ?? old?.issue_type ?? null,
    urgency:
      x.urgency ??
      old?.urgency ??
      (intent === "complaint" ? (sentiment === "angry" ? "high" : "medium") : null),
    product: x.product ?? old?.product ?? null,
    missing: [],
    asked: old?.asked ?? {},
  };
}

/** Answer something else, then come back to the open request. */
function reask(state: DialogueState, d: Draft, input: PlanInput, said: string): Plan {
  const task = state.task!;
  task.missing = TASKS[task.intent].missing(task, state);
  if (task.missing.length === 0) {
    d.response = said;
    d.question = null;
    return finalize(state, d, input);
  }
  const q = askFor(state, d, input, task, null);
  d.response = `${said} ${d.say("comingBack", { question: q })}`;
  d.missing = [...task.missing];
  return finalize(state, d, input);
}
