import { StoryError } from "../errors";
import { LiteBrain } from "../lite/lite-brain";
import { IndexRetriever, type SearchableIndex } from "../retrieval/index-retriever";
import type { Embedder, Retriever } from "../retrieval/retriever";

interface KnowledgeNodeModule {
  openIndex(dir: string): Promise<SearchableIndex<Embedder> & { embedderId: string }>;
  useLiteNode(): Promise<Embedder & { id: string }>;
}

/**
 * `--index <dir>`: a built knowledge index and its embedder (USE-lite), through the knowledge
 * package's Node entry. It is loaded at run time, not imported, so agent-core stays free of
 * TF.js and builds without it; where the package is absent the error says so.
 */
export async function loadIndexRetriever(
  dir: string,
): Promise<{ retriever: Retriever; lite: LiteBrain }> {
  let mod: KnowledgeNodeModule;
  try {
    const entry = new URL("../../../knowledge/src/node/index.ts", import.meta.url).href;
    mod = (await import(/* @vite-ignore */ entry)) as KnowledgeNodeModule;
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
  return { retriever: new IndexRetriever(index, embedder), lite: new LiteBrain({ embedder }) };
}
