/// <reference lib="webworker" />
/**
 * Retrieval in a worker: downloads the site's knowledge index (sha256-checked against its
 * manifest by the knowledge package), loads the embedder the index was built with (USE-lite
 * on TF.js wasm, files from the site's origin), and answers top-k queries with scores.
 */
import { createEmbedder, KnowledgeIndex, type Embedder } from "@parley/knowledge";
import { isRetryableLoadError } from "../core/retryable-error";
import { cachedFetch } from "./cached-fetch";
import type { RetrievalRequest, RetrievalResponse } from "./retrieval-protocol";

declare const self: DedicatedWorkerGlobalScope;

let index: KnowledgeIndex | null = null;
let embedder: Embedder | null = null;
const post = (message: RetrievalResponse) => self.postMessage(message);

async function load(request: Extract<RetrievalRequest, { type: "load" }>): Promise<void> {
  const started = performance.now();
  let fromCache = false;
  post({
    type: "progress",
    progress: {
      part: "index",
      label: "Knowledge base",
      loadedBytes: 0,
      totalBytes: null,
      fraction: 0,
      fromCache: false,
    },
  });
  index = await KnowledgeIndex.fromUrl(request.indexUrl, {
    fetch: cachedFetch(undefined, () => (fromCache = true)),
  });
  post({
    type: "progress",
    progress: {
      part: "index",
      label: "Knowledge base",
      loadedBytes: 1,
      totalBytes: 1,
      fraction: 1,
      fromCache,
    },
  });
  embedder = await createEmbedder(index.embedderId, {
    useLite: {
      modelBaseUrl: request.useLiteBaseUrl,
      wasmPaths: request.tfjsWasmBaseUrl,
      onProgress: ({ fraction, file }) =>
        post({
          type: "progress",
          progress: {
            part: "embedder",
            label: `Question understanding — ${file}`,
            loadedBytes: 0,
            totalBytes: null,
            fraction,
            fromCache: false,
          },
        }),
    },
  });
  await embedder.embedQuery("warm up"); // compile kernels before the first question
  const manifest = index.manifest;
  post({
    type: "loaded",
    ms: performance.now() - started,
    summary: {
      embedderId: index.embedderId,
      chunks: index.size,
      threshold: {
        noAnswerBelow: manifest.threshold.noAnswerBelow,
        ...(manifest.threshold.greyZoneFrom !== undefined
          ? { greyZoneFrom: manifest.threshold.greyZoneFrom }
          : {}),
      },
      documents: manifest.documents.map((d) => ({
        id: d.id,
        title: d.title,
        attachable: d.attachable,
      })),
      fromCache,
    },
  });
}

self.onmessage = async (event: MessageEvent<RetrievalRequest>) => {
  const message = event.data;
  if (message.type === "load") {
    try {
      await load(message);
    } catch (error) {
      post({
        type: "load_failed",
        message: error instanceof Error ? error.message : String(error),
        retryable: isRetryableLoadError(error),
      });
    }
    return;
  }
  if (!index || !embedder) {
    post({ type: "search_failed", id: message.id, message: "the knowledge index is not loaded" });
    return;
  }
  const started = performance.now();
  try {
    const hits = await index.query(embedder, message.query, message.k);
    post({
      type: "hits",
      id: message.id,
      ms: performance.now() - started,
      hits: hits.map((h) => ({
        docId: h.docId,
        title: h.title,
        chunkId: h.chunkId,
        score: h.score,
        text: h.text,
        attachable: h.attachable,
      })),
    });
  } catch (error) {
    post({
      type: "search_failed",
      id: message.id,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
