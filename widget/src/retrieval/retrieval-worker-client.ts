import type { ProgressSink } from "../stt/speech-to-text";
import type {
  IndexSummary,
  RetrievalRequest,
  RetrievalResponse,
  RetrievedHit,
} from "./retrieval-protocol";

/** A passage as the dialogue core's `Retriever` returns it. */
export interface RetrievedPassage {
  id: string;
  documentId: string;
  title: string;
  text: string;
  score: number;
}

export interface RetrievalWorkerClientOptions {
  createWorker: () => Worker;
  indexUrl: string;
  useLiteBaseUrl: string;
  tfjsWasmBaseUrl: string;
  onProgress: ProgressSink;
}

/**
 * The dialogue core's `Retriever`, backed by the retrieval worker. `threshold` and `documents`
 * come from the index manifest once loaded.
 */
export class RetrievalWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (hits: RetrievedHit[]) => void; reject: (e: Error) => void }
  >();
  private loading: Promise<IndexSummary> | null = null;
  summary: IndexSummary | null = null;
  /** Duration of the last search inside the worker, ms. */
  lastSearchMs = 0;

  constructor(private readonly options: RetrievalWorkerClientOptions) {}

  get threshold(): IndexSummary["threshold"] {
    return this.summary?.threshold ?? { noAnswerBelow: 0.5 };
  }

  get documents(): IndexSummary["documents"] {
    return this.summary?.documents ?? [];
  }

  load(): Promise<IndexSummary> {
    this.loading ??= new Promise<IndexSummary>((resolve, reject) => {
      const worker = this.options.createWorker();
      this.worker = worker;
      worker.onmessage = (event: MessageEvent<RetrievalResponse>) => {
        const message = event.data;
        switch (message.type) {
          case "progress":
            this.options.onProgress(message.progress);
            break;
          case "loaded":
            this.summary = message.summary;
            resolve(message.summary);
            break;
          case "load_failed":
            reject(
              Object.assign(new Error(`knowledge base: ${message.message}`), {
                retryable: message.retryable,
              }),
            );
            break;
          case "hits":
          case "search_failed": {
            const waiter = this.waiting.get(message.id);
            this.waiting.delete(message.id);
            if (message.type === "hits") {
              this.lastSearchMs = message.ms;
              waiter?.resolve(message.hits);
            } else waiter?.reject(new Error(message.message));
            break;
          }
        }
      };
      worker.onerror = (event) => {
        const error = new Error(`retrieval worker failed: ${event.message}`);
        reject(error);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      };
      const request: RetrievalRequest = {
        type: "load",
        indexUrl: this.options.indexUrl,
        useLiteBaseUrl: this.options.useLiteBaseUrl,
        tfjsWasmBaseUrl: this.options.tfjsWasmBaseUrl,
      };
      worker.postMessage(request);
    });
    return this.loading;
  }

  async search(query: string, k: number): Promise<RetrievedPassage[]> {
    await this.load();
    const id = this.nextId++;
    const hits = await new Promise<RetrievedHit[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const request: RetrievalRequest = { type: "search", id, query, k };
      this.worker!.postMessage(request);
    });
    return hits.map((h) => ({
      id: h.chunkId,
      documentId: h.docId,
      title: h.title,
      text: h.text,
      score: h.score,
    }));
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
