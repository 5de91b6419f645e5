import { StoryError } from "../errors";
import { IndexRetriever, type SearchableIndex } from "../retrieval/index-retriever";
import type { Embedder, Retriever } from "../retrieval/retriever";

interface KnowledgeNodeModule {
  openIndex(dir: string): Promise<SearchableIndex<Embedder> & { embedderId: string }>;
  useLiteNode(): Promise<Embedder & { id: string }>;
}

/**
 * `--index <dir>`: a built knowledge index and its embedder (USE-lite), through the knowledge
 * package's Node entry. It is imported lazily so that only replay with `--index` pays for
 * loading TF.js; nothing else in agent-core touches it.
 */
export async function loadIndexRetriever(dir: string): Promise<Retriever> {
  let mod: KnowledgeNodeModule;
  try {
    // A non-literal specifier keeps TypeScript from type-checking the knowledge package (it
    // needs DOM/WebAssembly libs) under agent-core's browser-free settings.
    const specifier: string = "@parley/knowledge/node";
    mod = (await import(/* @vite-ignore */ specifier)) as KnowledgeNodeModule;
    if (typeof mod.openIndex !== "function" || typeof mod.useLiteNode !== "function")
      throw new Error("entry points missing");
  } catch {
    throw new StoryError(
      "--index",
      "knowledge index support not available (the @parley/knowledge package is missing)",
    );
  }
  let index: Awaited<ReturnType<KnowledgeNodeModule["openIndex"]>>;
  try {
    index = await mod.openIndex(dir);
  } catch (error) {
    throw new StoryError(
      "--index",
      `cannot open the knowledge index in ${dir}: ${(error as Error).message}`,
    );
  }
  if (index.embedderId !== "use-lite") {
    throw new StoryError(
      "--index",
      `the index was built with ${index.embedderId}; replay supports use-lite indexes`,
    );
  }
  const embedder = await mod.useLiteNode();
  return new IndexRetriever(index, embedder);
}
