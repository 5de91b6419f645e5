import type { AgentTurn, Lead } from "@parley/protocol";
import type { Brain, BrainEvent, BrainInput } from "../brain";
import { cloneState, type DialogueState } from "../policy/dialogue-state";
import { plan, type PlanInput } from "../policy/plan";
import type { Embedder } from "../retrieval/retriever";
import { dialogueActs, type DialogueActs } from "../understanding/dialogue-acts";
import { extractEntities, type Extraction } from "../understanding/entities";
import { IntentClassifier, type ExampleVector } from "../understanding/intent-classifier";
import { sentimentOf } from "../understanding/sentiment";
import { composeAnswer } from "./answer-composer";

/**
 * The Lite brain: deterministic understanding with no model beyond an optional embedder.
 * Intent by keyword rules and similarity to example phrases, entities by libphonenumber-js,
 * chrono-node and patterns, answers extracted from the retrieved passages, and the shared
 * planner for slots and actions. It carries every reference conversation on its own and is the
 * fallback whenever an LLM brain's output is unusable.
 */
export class LiteBrain implements Brain {
  readonly kind = "lite" as const;
  private readonly classifier: IntentClassifier;

  constructor(options: { embedder?: Embedder } = {}) {
    this.classifier = new IntentClassifier(options.embedder);
  }

  /** Embeds the intent examples ahead of the first turn (no-op without an embedder). */
  warm(): Promise<unknown> {
    return this.classifier.warm();
  }

  /** The embedding call, kept apart so benchmarks can time the decision without it. */
  async prepare(input: BrainInput): Promise<LitePrepared> {
    const embedding = await this.classifier.embed(input.utterance);
    return { embedding, examples: await this.classifier.examples() };
  }

  /** Intent, entities, sentiment and the extractive answer: synchronous, no I/O. */
  understand(
    input: BrainInput,
    prepared: LitePrepared,
    extraction: Extraction = extractEntities(input.utterance, { site: input.site, now: input.now }),
    acts: DialogueActs = dialogueActs(input.utterance),
  ): Pick<PlanInput, "intent" | "extraction" | "sentiment" | "knowledgeAnswer"> {
    const guess = this.classifier.classify(
      input.utterance,
      extraction,
      acts,
      prepared.embedding,
      prepared.examples,
    );
    return {
      intent: guess.intent,
      extraction,
      sentiment: sentimentOf(input.utterance),
      knowledgeAnswer: composeAnswer(
        input.utterance,
        input.passages,
        input.threshold,
        input.site.maxAnswerWords,
      ),
    };
  }

  /** The whole decision on a copy of the state (the policy commits it; the brain only looks). */
  decide(
    input: BrainInput,
    prepared: LitePrepared = { embedding: null, examples: undefined },
  ): AgentTurn {
    const acts = dialogueActs(input.utterance);
    const result = plan(cloneState(input.state as DialogueState), {
      ...this.understand(input, prepared, undefined, acts),
      utterance: input.utterance,
      acts,
      passages: input.passages,
      threshold: input.threshold,
      documents: input.documents,
      site: input.site,
      now: input.now,
      key: (type) => `preview-${type}`,
      visitorId: null,
    });
    return result.turn;
  }

  async *think(input: BrainInput): AsyncGenerator<BrainEvent> {
    const turn = this.decide(input, await this.prepare(input));
    yield { type: "response_delta", text: turn.immediate_response };
    yield { type: "turn", turn };
  }
}

export interface LitePrepared {
  embedding: Float32Array | null;
  examples: ExampleVector[] | undefined;
}

/** The lead as a brain sees it, from the dialogue core's memory. */
export function leadOf(known: {
  name: string | null;
  company: string | null;
  phone: string | null;
  email: string | null;
  preferred_channel: Lead["preferred_channel"];
}): Lead {
  return {
    name: known.name,
    company: known.company,
    phone: known.phone,
    email: known.email,
    preferred_channel: known.preferred_channel,
  };
}
