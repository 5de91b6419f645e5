import type { ActionRequest, AgentTurn, Lead, Order, SiteProfile } from "@parley/protocol";
import type { Brain, BrainInput } from "./brain";
import { BrainOutputError } from "./errors";
import { composeAnswer } from "./lite/answer-composer";
import { LiteBrain, leadOf } from "./lite/lite-brain";
import { validRequest } from "./policy/action-requests";
import { brainWordingAgrees, mergeBrainEntities } from "./policy/brain-policy";
import { expectedSlot, initialState, type DialogueState } from "./policy/dialogue-state";
import { plan, type Plan, type PlanInput } from "./policy/plan";
import { sentencesFor } from "./policy/sentences/catalogue";
import type { Passage, RetrievalThreshold, Retriever } from "./retrieval/retriever";
import { dialogueActs } from "./understanding/dialogue-acts";
import { extractEntities } from "./understanding/entities";
import { MAX_UTTERANCE_CHARS } from "./understanding/text";

/** Reads an order by id; null when there is no such order. Errors count as "not reachable". */
export type LookupOrder = (orderId: string) => Promise<Order | null>;

export interface EngineOptions {
  site: SiteProfile;
  lead?: Lead;
  /** The brain that decides turns (an LLM brain); default the Lite brain, which also decides when it fails. */
  brain?: Brain;
  retriever?: Retriever | null;
  lookupOrder?: LookupOrder;
  /** The current time (a fixed one in replays and tests). */
  now?: () => Date;
  /** Prefix of idempotency keys, unique per call (letters, digits, _ . : -). */
  sessionKey?: string;
  visitorId?: string;
}

/** Passages retrieved per turn, the same wherever the engine runs. */
export const PASSAGES_PER_TURN = 3;

/**
 * The dialogue core's answer to one utterance: the policy's plan (final turn after the policy
 * layer; `requests` are valid `ActionRequest`s, ready to POST unchanged; `followUp` is said after
 * they were handed over; `endCall` once goodbye is said) plus how it was reached.
 */
export interface EngineTurn extends Omit<Plan, "intentFromContext"> {
  user: string;
  /** Which brain's decision this is; `fallback` says why the Lite brain took over. */
  brain: "lite" | "webllm";
  fallback: { code: string; message: string } | null;
  /** `immediate_response` text already streamed as `response_delta` events. */
  streamed: string;
  /** True when the final response is not a continuation of `streamed` (speak it in full). */
  responseReplaced: boolean;
  retrievedDocs: number;
  topScore: number | null;
  timings: { lookup_ms: number; retrieval_ms: number; brain_ms: number; decision_ms: number };
}

export type EngineEvent =
  { type: "response_delta"; text: string } | { type: "turn"; result: EngineTurn };

const NO_THRESHOLD: RetrievalThreshold = { noAnswerBelow: 1.01 };

const ms = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function randomKey(): string {
  const c = globalThis.crypto;
  return c?.randomUUID
    ? c.randomUUID().replace(/-/g, "").slice(0, 16)
    : Math.random().toString(36).slice(2, 14);
}

/**
 * The dialogue core: one per call. For each visitor utterance it runs the read tools (order
 * lookup) and retrieval, asks the brain, applies the policy (which has the last word), and
 * returns the final turn plus the action requests for the relay. It never throws: bad input,
 * a failing brain or a failing tool give a safe turn without actions.
 */
export class DialogueEngine {
  private readonly state: DialogueState;
  private readonly lite: LiteBrain;
  private readonly brain: Brain;
  private readonly now: () => Date;
  private readonly sessionKey: string;
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: EngineOptions) {
    this.state = initialState(options.lead);
    // One Lite brain configuration everywhere (widget, replay, benchmarks): what a replay tests
    // is what a visitor gets. Its intent examples are matched by words, not by embeddings.
    this.lite = new LiteBrain();
    this.brain = options.brain ?? this.lite;
    this.now = options.now ?? (() => new Date());
    this.sessionKey = (options.sessionKey ?? randomKey())
      .replace(/[^A-Za-z0-9_.:-]/g, "")
      .slice(0, 60)
      .padEnd(8, "0");
  }

  /** The proactive greeting (after ~2 s of silence at call start). */
  greet(): string {
    const text = sentencesFor(this.options.site.locale)("greeting", {
      company: this.options.site.company,
    });
    this.state.history.push({ speaker: "agent", text });
    return text;
  }

  /** A copy of the dialogue state (for the dashboard, tests and replays). */
  snapshot(): DialogueState {
    return structuredClone(this.state);
  }

  /**
   * The relay's answer to a request this engine made. Returns requests that were waiting for
   * it (an update_ticket needs the number create_ticket got).
   */
  actionResult(
    idempotencyKey: string,
    result: { ticketNumber?: string | number | null },
  ): ActionRequest[] {
    const t = this.state.ticket;
    if (!t || t.key !== idempotencyKey || result.ticketNumber == null) return [];
    const raw = String(result.ticketNumber);
    t.number = raw.startsWith("#") ? raw : `#${raw}`;
    const released: ActionRequest[] = [];
    for (const [i, update] of this.state.deferredTicketUpdates.entries()) {
      const r = validRequest({
        type: "update_ticket",
        idempotencyKey: `${this.sessionKey}-ticket-update-${i}`,
        params: {
          ticket: t.number,
          status: update.status,
          resolution: update.resolution.slice(0, 1000),
        },
      });
      if (r) released.push(r);
    }
    this.state.deferredTicketUpdates = [];
    return released;
  }

  /** Decide one utterance without streaming. */
  async decide(utterance: unknown, signal?: AbortSignal): Promise<EngineTurn> {
    let result: EngineTurn | null = null;
    for await (const event of this.respond(utterance, signal))
      if (event.type === "turn") result = event.result;
    return result!;
  }

  /** Decide one utterance, streaming response increments first. Turns are serialised. */
  async *respond(utterance: unknown, signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    const previous = this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((r) => (release = r));
    await previous;
    try {
      yield* this.respondNow(typeof utterance === "string" ? utterance : "", signal);
    } finally {
      release();
    }
  }

  private async *respondNow(
    rawUtterance: string,
    signal?: AbortSignal,
  ): AsyncGenerator<EngineEvent> {
    const utterance = rawUtterance.slice(0, MAX_UTTERANCE_CHARS * 64);
    const now = this.now();
    const site = this.options.site;
    const timings = { lookup_ms: 0, retrieval_ms: 0, brain_ms: 0, decision_ms: 0 };
    let streamed = "";
    let fallback: EngineTurn["fallback"] = null;
    let brainKind: EngineTurn["brain"] = this.brain.kind;
    let passages: Passage[] = [];
    let decided: Plan;
    const acts = dialogueActs(utterance);
    try {
      // An answer is read in the light of the question just asked (bare digits for "order ID?").
      const ctx = { site, now, expecting: expectedSlot(this.state) };
      const tExtract = ms();
      const extraction = acts.garbage ? extractEntities("", ctx) : extractEntities(utterance, ctx);
      const extractMs = ms() - tExtract;

      // Read tools first: the answer is built on their result.
      let t0 = ms();
      await this.lookupOrders(extraction.orderId);
      timings.lookup_ms = ms() - t0;

      t0 = ms();
      passages = acts.garbage || utterance.trim() === "" ? [] : await this.retrieve(utterance);
      timings.retrieval_ms = ms() - t0;
      const threshold = this.options.retriever?.threshold ?? NO_THRESHOLD;
      const documents = this.options.retriever?.documents ?? [];

      const input: BrainInput = {
        utterance: utterance.slice(0, MAX_UTTERANCE_CHARS),
        history: this.state.history,
        passages,
        threshold,
        documents,
        lead: leadOf(this.state.known),
        site,
        now,
        state: this.state,
      };
      const base: Omit<PlanInput, "intent" | "extraction" | "sentiment" | "knowledgeAnswer"> = {
        utterance: input.utterance,
        acts,
        passages,
        threshold,
        documents,
        site,
        now,
        key: (type) => `${this.sessionKey}-t${this.state.turn}-${type}`,
        visitorId: this.options.visitorId ?? null,
      };

      let brainTurn: AgentTurn | null = null;
      if (this.brain !== this.lite && !acts.garbage && input.utterance.trim() !== "") {
        t0 = ms();
        try {
          for await (const event of this.brain.think(input, signal)) {
            if (event.type === "response_delta") {
              streamed += event.text;
              yield { type: "response_delta", text: event.text };
            } else brainTurn = event.turn;
          }
          if (!brainTurn) throw new BrainOutputError("truncated", "the brain ended without a turn");
        } catch (error) {
          brainTurn = null;
          brainKind = "lite";
          fallback =
            error instanceof BrainOutputError
              ? { code: error.code, message: error.message }
              : {
                  code: "brain_failed",
                  message: error instanceof Error ? error.message : String(error),
                };
        }
        timings.brain_ms = ms() - t0;
      } else brainKind = "lite";

      t0 = ms();
      if (brainTurn) {
        const merged = mergeBrainEntities(
          brainTurn,
          input.utterance,
          extraction,
          this.state.known,
          site,
          now,
        );
        decided = plan(this.state, {
          ...base,
          intent: brainTurn.intent,
          extraction: merged,
          sentiment: brainTurn.sentiment,
          knowledgeAnswer: brainTurn.used_knowledge
            ? brainTurn.immediate_response
            : composeAnswer(input.utterance, passages, threshold, site.maxAnswerWords),
        });
        if (brainWordingAgrees(brainTurn, decided)) {
          decided.turn.immediate_response = brainTurn.immediate_response;
        }
      } else {
        const prepared = await this.lite.prepare(input);
        t0 = ms();
        const understood = this.lite.understand(input, prepared, extraction, acts);
        decided = plan(this.state, { ...base, ...understood });
      }
      // Entity extraction ran first (read tools need the order id) but is part of the decision.
      timings.decision_ms = ms() - t0 + extractMs;
    } catch (error) {
      // A bug must not reach the visitor as silence or the relay as an action.
      decided = safePlan(error);
      brainKind = "lite";
      fallback ??= {
        code: "engine_error",
        message: error instanceof Error ? error.message : String(error),
      };
    }
    if (acts.garbage) decided.requests = [];

    const text = decided.turn.immediate_response;
    this.state.turn += 1;
    this.state.sentiments.push(decided.turn.sentiment);
    this.state.history.push({ speaker: "visitor", text: utterance.slice(0, 4000) });
    this.state.history.push({ speaker: "agent", text });
    if (decided.followUp) this.state.history.push({ speaker: "agent", text: decided.followUp });
    if (this.state.history.length > 200)
      this.state.history.splice(0, this.state.history.length - 200);
    const top = passages[0]?.score ?? null;
    yield {
      type: "turn",
      result: {
        user: utterance,
        turn: decided.turn,
        requests: decided.requests,
        followUp: decided.followUp,
        endCall: decided.endCall,
        stage: decided.stage,
        status: decided.status,
        source: decided.source,
        brain: brainKind,
        fallback,
        streamed,
        responseReplaced: streamed !== "" && !text.startsWith(streamed),
        retrievedDocs: passages.length,
        topScore: top === null ? null : Math.max(-1, Math.min(1, top)),
        timings,
      },
    };
  }

  private async lookupOrders(orderId: string | null) {
    const lookup = this.options.lookupOrder;
    if (!orderId || !lookup || this.state.orders[orderId] !== undefined) return;
    try {
      const order = await lookup(orderId);
      this.state.orders[orderId] = order ?? null;
    } catch {
      // Unreachable order system: treated as not found this turn, asked again next time.
    }
  }

  private async retrieve(utterance: string): Promise<Passage[]> {
    const r = this.options.retriever;
    if (!r) return [];
    try {
      return (await r.search(utterance.slice(0, 1000), PASSAGES_PER_TURN)).filter((p) =>
        Number.isFinite(p.score),
      );
    } catch {
      return [];
    }
  }
}

function safePlan(_error: unknown): Plan {
  return {
    turn: {
      immediate_response: "Sorry, something went wrong on my side. Could you say that again?",
      intent: "other",
      entities: {},
      needs_clarification: false,
      clarification_question: null,
      missing_info: [],
      actions: [],
      used_knowledge: false,
      escalate_to_human: false,
      sentiment: "neutral",
    },
    requests: [],
    followUp: null,
    endCall: false,
    stage: "understanding",
    status: "active",
    intentFromContext: false,
    source: null,
  };
}
