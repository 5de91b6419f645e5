import { DialogueEngine, type EngineOptions } from "./dialogue-engine";
import { LexicalRetriever, type InlinePassage } from "./retrieval/lexical-retriever";
import type { Retriever } from "./retrieval/retriever";

/**
 * The one way to build the dialogue engine: the widget (script tag and React component),
 * `parley replay` and the benchmarks all call it, so a site owner's replay runs the engine their
 * visitors get. The engine's own settings (the Lite brain, passages per turn, the policy) are
 * fixed inside it; what differs between places is only where things come from.
 */
export interface EngineSetup extends Omit<EngineOptions, "retriever"> {
  /**
   * The site's knowledge: a built index's retriever (the widget's retrieval worker, or the
   * index `parley replay --index` opens), a story's inline passages (word-scored), or none.
   */
  knowledge: Retriever | readonly InlinePassage[] | null;
}

const isRetriever = (k: EngineSetup["knowledge"]): k is Retriever =>
  k !== null && !Array.isArray(k) && typeof (k as Retriever).search === "function";

export function createEngine(setup: EngineSetup): DialogueEngine {
  const { knowledge, ...options } = setup;
  const retriever = isRetriever(knowledge)
    ? knowledge
    : knowledge
      ? new LexicalRetriever(knowledge)
      : null;
  return new DialogueEngine({ ...options, retriever });
}
