import type { Intent } from "@parley/protocol";
import { cosine, type Embedder } from "../retrieval/retriever";
import type { DialogueActs } from "./dialogue-acts";
import type { Extraction } from "./entities";
import { INTENT_EXAMPLES } from "./intent-examples";
import { contentTerms, normalizeText, sparseCosine, termCounts } from "./text";

export interface IntentGuess {
  intent: Intent;
  /** 1 for a keyword rule, the similarity otherwise. */
  confidence: number;
  source: "rule" | "similarity" | "none";
}

/**
 * Keyword rules: decisive phrasings, checked before any similarity. Order matters: a request to
 * *send* something names its channel, and a complaint outranks a status question.
 */
function byRules(t: string, x: Extraction, acts: DialogueActs): Intent | null {
  if (acts.asksForHuman) return "escalation_request";
  const sendVerb = /\b(?:send|share|forward|email|e-mail|mail|text|whatsapp|drop|message)\b/.test(
    t,
  );
  const wantsSomething =
    sendVerb || /\b(?:can i (?:get|have)|i(?:'d| would) like|i want|i need)\b/.test(t);
  if (x.channel === "whatsapp" && (wantsSomething || x.detailsType)) return "send_details_whatsapp";
  if (
    x.channel === "email" &&
    (sendVerb || x.detailsType) &&
    !/\b(?:what|which) (?:is|was) your e-?mail\b/.test(t)
  )
    return "send_details_email";
  if (x.channel === "sms" && (wantsSomething || x.detailsType)) return "send_details_sms";
  if (
    x.channel === "call" ||
    /\bschedule (?:a )?call\b|\bcall(?:ed)? (?:me )?back\b|\b(?:ring|phone|bell) (?:me )?back\b|\bgive me a (?:ring|call|bell)\b|\b(?:ring|phone) me\b/.test(
      t,
    )
  )
    return "callback_request";
  const complaintWords =
    /\b(?:unacceptable|complain\w*|ridiculous|terrible|worst|furious|angry|disappointed|not happy|fed up|a joke|shocking|appalling)\b/.test(
      t,
    );
  if (
    x.issueType &&
    x.issueType !== "refund" &&
    (x.issueType !== "delivery_delay" || !acts.question || complaintWords)
  )
    return "complaint";
  if (complaintWords && !acts.question) return "complaint";
  if (
    /\b(?:where(?:'s| is) my (?:order|package|parcel|delivery)|order status|status of (?:my|the) order|track(?:ing)? (?:my |the )?(?:order|package|parcel)|has my (?:order|package) (?:shipped|arrived)|when will (?:my|the|it) (?:order|package|parcel)?\s?(?:arrive|come|be delivered))\b/.test(
      t,
    ) ||
    (x.orderId !== null && acts.question)
  )
    return x.issueType === "delivery_delay" && complaintWords ? "complaint" : "order_status";
  if (acts.greetingOnly) return "greeting";
  if (/\b(?:bye|goodbye|good bye)\b/.test(t)) return "goodbye";
  if (
    /\bpolic(?:y|ies)\b|\brefunds?\b|\breturns?\b|\bwarrant(?:y|ies)\b|\bshipping\b|\bcancel\w*\b|\bexchange\b|\bguarantee\b/.test(
      t,
    )
  )
    return "policy_query";
  return null;
}

interface LexicalExample {
  intent: Exclude<Intent, "other">;
  terms: Map<string, number>;
}

/** An example phrase's embedding. */
export interface ExampleVector {
  intent: Exclude<Intent, "other">;
  vector: Float32Array;
}

const LEXICAL_EXAMPLES: LexicalExample[] = Object.entries(INTENT_EXAMPLES).flatMap(
  ([intent, list]) =>
    list.map((e) => ({
      intent: intent as LexicalExample["intent"],
      terms: termCounts(contentTerms(e)),
    })),
);

/** Below these the nearest example is not trusted (word overlap; USE-lite cosine). */
export const LEXICAL_INTENT_MIN = 0.5;
export const EMBEDDING_INTENT_MIN = 0.55;

/**
 * Intent by similarity to example phrases plus keyword rules. Without an embedder the
 * similarity is word overlap, which is enough for the reference conversations; with one
 * (USE-lite), paraphrases far from any keyword are caught too.
 */
export class IntentClassifier {
  private exampleVectors: Promise<ExampleVector[]> | null = null;

  constructor(private readonly embedder?: Embedder) {}

  /** Embeds the examples once; call ahead of the first turn to keep it off the hot path. */
  warm(): Promise<unknown> {
    if (!this.embedder) return Promise.resolve();
    this.exampleVectors ??= (async () => {
      const entries = Object.entries(INTENT_EXAMPLES).flatMap(([intent, list]) =>
        list.map((text) => ({ intent: intent as ExampleVector["intent"], text })),
      );
      const vectors = await this.embedder!.embed(entries.map((e) => e.text));
      return entries.map((e, i) => ({ intent: e.intent, vector: vectors[i]! }));
    })();
    return this.exampleVectors;
  }

  /** The utterance's embedding, when an embedder is present (the part benchmarks exclude). */
  async embed(utterance: string): Promise<Float32Array | null> {
    if (!this.embedder || utterance.trim() === "") return null;
    await this.warm();
    const [v] = await this.embedder.embed([utterance.slice(0, 500)]);
    return v ?? null;
  }

  /** Decide, given the (optional) utterance embedding. Synchronous and cheap. */
  classify(
    utterance: string,
    x: Extraction,
    acts: DialogueActs,
    embedding: Float32Array | null,
    exampleVectors?: ExampleVector[],
  ): IntentGuess {
    const t = normalizeText(utterance);
    if (t === "" || acts.garbage) return { intent: "other", confidence: 0, source: "none" };
    const rule = byRules(t, x, acts);
    if (rule) return { intent: rule, confidence: 1, source: "rule" };
    let best: IntentGuess = { intent: "other", confidence: 0, source: "none" };
    if (embedding && exampleVectors) {
      for (const e of exampleVectors) {
        const s = cosine(embedding, e.vector);
        if (s > best.confidence) best = { intent: e.intent, confidence: s, source: "similarity" };
      }
      return best.confidence >= EMBEDDING_INTENT_MIN
        ? best
        : { intent: "other", confidence: best.confidence, source: "none" };
    }
    const q = termCounts(contentTerms(t));
    for (const e of LEXICAL_EXAMPLES) {
      const s = sparseCosine(q, e.terms);
      if (s > best.confidence) best = { intent: e.intent, confidence: s, source: "similarity" };
    }
    return best.confidence >= LEXICAL_INTENT_MIN
      ? best
      : { intent: "other", confidence: best.confidence, source: "none" };
  }

  /** Example vectors once warmed (null before, or without an embedder). */
  async examples(): Promise<ExampleVector[] | undefined> {
    if (!this.embedder) return undefined;
    return (await this.warm()) as ExampleVector[];
  }
}
