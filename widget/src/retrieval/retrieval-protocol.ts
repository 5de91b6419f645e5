import type { LoadProgress } from "../core/voice-agent";

/** Messages between `RetrievalWorkerClient` and `retrieval.worker.ts`. */
export type RetrievalRequest =
  | {
      type: "load";
      /** Folder URL of the knowledge index (manifest.json, chunks, vectors). */
      indexUrl: string;
      /** Folder URL of USE-lite's model.json, vocab.json and shards. */
      useLiteBaseUrl: string;
      /** Folder URL of the TF.js wasm binaries. */
      tfjsWasmBaseUrl: string;
    }
  | { type: "search"; id: number; query: string; k: number };

export interface RetrievedHit {
  docId: string;
  title: string;
  chunkId: string;
  score: number;
  text: string;
  attachable: boolean;
}

export interface IndexSummary {
  embedderId: string;
  chunks: number;
  threshold: { noAnswerBelow: number; greyZoneFrom?: number };
  documents: { id: string; title: string; attachable: boolean }[];
  /** True when the index came from the browser's cache because the network failed. */
  fromCache: boolean;
}

export type RetrievalResponse =
  | { type: "progress"; progress: LoadProgress }
  | { type: "loaded"; summary: IndexSummary; ms: number }
  | { type: "load_failed"; message: string; retryable: boolean }
  | { type: "hits"; id: number; hits: RetrievedHit[]; ms: number }
  | { type: "search_failed"; id: number; message: string };
