import { KnowledgeError } from "./errors";
import type { ModelFileSource } from "./embedder";

/**
 * Files fetched from a base URL — the browser case, where the site serves the model and the
 * index from its own origin (or the relay). Errors name the URL; HTTP 5xx, 429 and network
 * failures say a retry may help.
 */
export function filesFromUrl(
  baseUrl: string | URL,
  fetchImpl: typeof fetch = globalThis.fetch,
): ModelFileSource {
  const base = new URL(
    String(baseUrl).endsWith("/") ? String(baseUrl) : `${String(baseUrl)}/`,
    globalThis.location?.href,
  );
  return {
    async read(name) {
      const url = new URL(name, base).href;
      let response: Response;
      try {
        response = await fetchImpl(url);
      } catch (cause) {
        throw new KnowledgeError("network", "could not be fetched (network error)", {
          file: url,
          retryable: true,
          cause,
        });
      }
      if (!response.ok) {
        throw new KnowledgeError("network", `HTTP ${response.status}`, {
          file: url,
          retryable: response.status >= 500 || response.status === 429,
        });
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** Model files from the site's own origin (same reader as the index's). */
export const modelFilesFromUrl = filesFromUrl;

export function parseJsonFile(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new KnowledgeError("corrupt", "is not valid JSON", { file, cause });
  }
}
