// The public surface of the dialogue core. Anything not listed here is internal and may change.

// The engine: one per call, built by createEngine wherever it runs (widget, replay, benchmarks).
export { createEngine, type EngineSetup } from "./engine-factory";
export {
  DialogueEngine,
  PASSAGES_PER_TURN,
  type EngineEvent,
  type EngineOptions,
  type EngineTurn,
  type LookupOrder,
} from "./dialogue-engine";
export type { AnswerSource } from "./policy/draft";
export type { DialogueState } from "./policy/dialogue-state";

// Brains.
export { type Brain, type BrainEvent, type BrainInput, thinkToTurn } from "./brain";
export { LiteBrain, type LitePrepared } from "./lite/lite-brain";
export { LlmBrain, type GenerateTokens } from "./llm/llm-brain";
export {
  buildPrompt,
  type BuiltPrompt,
  type ChatMessage,
  type PromptOptions,
} from "./llm/prompt-builder";
export { StreamingTurnReader } from "./llm/streaming-turn-reader";
export { BrainOutputError, type BrainOutputErrorCode, StoryError } from "./errors";

// Knowledge retrieval.
export {
  cosine,
  type Embedder,
  type KnowledgeDocument,
  type Passage,
  type RetrievalThreshold,
  type Retriever,
} from "./retrieval/retriever";
export {
  LexicalRetriever,
  LEXICAL_THRESHOLD,
  type InlinePassage,
} from "./retrieval/lexical-retriever";
export { IndexRetriever, type IndexHit, type SearchableIndex } from "./retrieval/index-retriever";

// The agent's sentences, by locale.
export {
  registerCatalogue,
  sentencesFor,
  SENTENCE_IDS,
  type Catalogue,
  type Say,
  type SentenceId,
} from "./policy/sentences/catalogue";

// Replay: stories a site owner writes to test the agent before going live.
export { Story, StorySite, StoryTurn, TurnExpectation } from "./replay/story";
export { mismatches, subsetMatches } from "./replay/match";
