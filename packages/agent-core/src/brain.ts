import type { AgentTurn, ConversationEntry, Lead, SiteProfile } from "@parley/protocol";
import type { DialogueState } from "./policy/dialogue-state";
import type { KnowledgeDocument, Passage, RetrievalThreshold } from "./retrieval/retriever";

/** What a brain sees for one visitor utterance. */
export interface BrainInput {
  utterance: string;
  /** The conversation so far, oldest first, not including `utterance`. */
  history: readonly ConversationEntry[];
  /** Retrieved passages, best first, with cosine scores. */
  passages: readonly Passage[];
  threshold: RetrievalThreshold;
  documents: readonly KnowledgeDocument[];
  /** What is known about the visitor (lead record plus what they said in this call). */
  lead: Lead;
  site: SiteProfile;
  now: Date;
  /** The dialogue core's memory (open request, offers, orders looked up). Read-only. */
  state: Readonly<DialogueState>;
}

/**
 * A brain streams its turn: `response_delta` events carry increments of `immediate_response`
 * as soon as they exist (speech can start on the first sentence), then exactly one `turn`
 * event carries the complete, validated turn.
 */
export type BrainEvent =
  { type: "response_delta"; text: string } | { type: "turn"; turn: AgentTurn };

export interface Brain {
  /** "lite" or "webllm" (what the dashboard shows). */
  readonly kind: "lite" | "webllm";
  /**
   * Decide one turn. May throw a `BrainOutputError` (invalid or truncated model output); the
   * dialogue engine then decides that turn with the Lite brain. Stops early when `signal` aborts.
   */
  think(input: BrainInput, signal?: AbortSignal): AsyncIterable<BrainEvent>;
}

/** Run a brain to completion and return its turn (for callers that do not stream). */
export async function thinkToTurn(
  brain: Brain,
  input: BrainInput,
  signal?: AbortSignal,
): Promise<AgentTurn> {
  let turn: AgentTurn | null = null;
  for await (const event of brain.think(input, signal))
    if (event.type === "turn") turn = event.turn;
  if (!turn) throw new Error(`${brain.kind} brain ended without a turn`);
  return turn;
}
