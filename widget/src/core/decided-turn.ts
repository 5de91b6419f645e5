import type { EngineTurn } from "@parley/agent-core";
import type { TurnTimings } from "@parley/protocol";
import type { UnsequencedEvent } from "../relay/call-recorder";
import { SentenceSplitter } from "@parley/knowledge/sentences";

/**
 * The sentences still to say once the brain's turn is decided. When the policy replaced what was
 * streamed, the unspoken rest is dropped and the final answer said instead.
 */
export function sentencesLeft(result: EngineTurn, splitter: SentenceSplitter): string[] {
  if (result.responseReplaced) {
    splitter.flush();
    return new SentenceSplitter().push(result.turn.immediate_response + " ");
  }
  const sentences = splitter.push(result.turn.immediate_response.slice(result.streamed.length));
  const tail = splitter.flush();
  if (tail) sentences.push(tail);
  return sentences;
}

/** The relay's record of a decided turn (what was heard, answered, decided and how long it took). */
export function turnEndedEvent(
  turnId: string,
  userText: string,
  result: EngineTurn,
  timings: TurnTimings,
): UnsequencedEvent {
  return {
    type: "turn_ended",
    at: Date.now(),
    turnId,
    user_text: userText,
    agent_text: result.turn.immediate_response,
    intent: result.turn.intent,
    stage: result.stage,
    status: result.status,
    used_knowledge: result.turn.used_knowledge,
    retrieved_docs: result.retrievedDocs,
    top_score: result.topScore,
    missing_info: result.turn.missing_info,
    sentiment: result.turn.sentiment,
    pending_actions: result.turn.actions,
    timings,
    brain: result.brain,
  };
}
