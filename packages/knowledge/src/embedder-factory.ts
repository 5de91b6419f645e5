import { KnowledgeError } from "./errors";
import type { Embedder } from "./embedder";
import {
  transformersEmbedder,
  TRANSFORMERS_PREFIX,
  type TransformersEmbedderOptions,
} from "./transformers-embedder";
import { useLite, USE_LITE_ID, type UseLiteOptions } from "./use-lite";

export type EmbedderSpec = { kind: "use-lite" } | { kind: "transformers"; model: string };

/** Parses "use-lite" or "transformers:<model id or URL>" (the manifest's embedder.id, the CLI's --embedder). */
export function parseEmbedderId(id: string): EmbedderSpec {
  if (id === USE_LITE_ID) return { kind: "use-lite" };
  if (id.startsWith(TRANSFORMERS_PREFIX) && id.length > TRANSFORMERS_PREFIX.length) {
    return { kind: "transformers", model: id.slice(TRANSFORMERS_PREFIX.length) };
  }
  throw new KnowledgeError(
    "invalid_argument",
    `unknown embedder "${id}": use "use-lite" or "transformers:<model id or URL>"`,
  );
}

export interface CreateEmbedderOptions {
  useLite?: UseLiteOptions;
  transformers?: Omit<TransformersEmbedderOptions, "model">;
}

/** The embedder an index was built with, from its manifest's embedder id. */
export async function createEmbedder(
  id: string,
  options: CreateEmbedderOptions,
): Promise<Embedder> {
  const spec = parseEmbedderId(id);
  if (spec.kind === "use-lite") {
    if (!options.useLite)
      throw new KnowledgeError(
        "invalid_argument",
        "the index uses use-lite: pass `useLite` options (modelBaseUrl or files)",
      );
    return useLite(options.useLite);
  }
  return transformersEmbedder({ ...options.transformers, model: spec.model });
}
