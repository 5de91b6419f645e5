import { ASSET_PATHS, WHISPER_BASE_SHA256 } from "../assets/asset-manifest";
import { filterTranscript, segmentStats, SILENCE_RMS } from "./hallucination-filter";
import {
  resolveWhisperSource,
  type ProgressSink,
  type SpeechToText,
  type Transcript,
} from "./speech-to-text";
import type { WhisperRequest, WhisperResponse } from "./whisper-protocol";

export interface WhisperWorkerClientOptions {
  /** Starts the worker (bundlers differ in how worker URLs are written). */
  createWorker: () => Worker;
  /** Base URL of self-hosted assets (ends with "/"). */
  assetBaseUrl: string;
  /** Hub id or URL; default the self-hosted Whisper base under `assetBaseUrl`. */
  model?: string;
  device?: "auto" | "wasm" | "webgpu";
  /** BCP 47 language of the visitor; Whisper gets its language name. */
  language: string;
  /** WASM threads for Whisper; default `defaultWhisperThreads()`. */
  threads?: number;
  onProgress: ProgressSink;
}

/** Speech-to-text through Whisper in a worker, with the energy gate and the hallucination filter. */
export class WhisperWorkerClient implements SpeechToText {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    {
      resolve: (t: Transcript | null) => void;
      reject: (e: Error) => void;
      stats: ReturnType<typeof segmentStats>;
    }
  >();
  private loading: Promise<void> | null = null;
  device: "wasm" | "webgpu" | null = null;

  constructor(private readonly options: WhisperWorkerClientOptions) {}

  load(): Promise<void> {
    this.loading ??= new Promise<void>((resolve, reject) => {
      const worker = this.options.createWorker();
      this.worker = worker;
      const source = resolveWhisperSource(
        this.options.model ?? new URL(ASSET_PATHS.whisperBase, this.options.assetBaseUrl).href,
        this.options.assetBaseUrl,
      );
      worker.onmessage = (event: MessageEvent<WhisperResponse>) => {
        const message = event.data;
        switch (message.type) {
          case "progress":
            this.options.onProgress(message.progress);
            break;
          case "loaded":
            this.device = message.device;
            resolve();
            break;
          case "load_failed":
            reject(new SttLoadError(message.message, message.retryable));
            break;
          case "transcript":
          case "transcribe_failed": {
            const waiter = this.waiting.get(message.id);
            this.waiting.delete(message.id);
            if (!waiter) break;
            if (message.type === "transcript") {
              const text = filterTranscript(message.text, waiter.stats);
              waiter.resolve(text ? { text, ms: message.ms } : null);
            } else waiter.reject(new Error(message.message));
            break;
          }
        }
      };
      worker.onerror = (event) => {
        const error = new SttLoadError(`speech recognition worker failed: ${event.message}`, true);
        reject(error);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      };
      const selfHosted = source.localModelPath !== null;
      const request: WhisperRequest = {
        type: "load",
        modelId: source.modelId,
        localModelPath: source.localModelPath,
        wasmPaths: new URL(ASSET_PATHS.ortBase, this.options.assetBaseUrl).href,
        device: this.options.device ?? "auto",
        language: whisperLanguage(this.options.language),
        // The published hashes apply to the npm-shipped Whisper base; other models are the site's.
        sha256:
          selfHosted && source.modelId.endsWith("whisper-base") ? { ...WHISPER_BASE_SHA256 } : {},
        numThreads: this.options.threads ?? defaultWhisperThreads(),
      };
      worker.postMessage(request);
    });
    return this.loading;
  }

  async transcribe(audio: Float32Array): Promise<Transcript | null> {
    const stats = segmentStats(audio);
    if (stats.rms < SILENCE_RMS) return null; // silence never reaches Whisper
    await this.load();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, stats });
      const message: WhisperRequest = { type: "transcribe", id, audio };
      this.worker!.postMessage(message, [audio.buffer]);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const waiter of this.waiting.values()) waiter.resolve(null);
    this.waiting.clear();
  }
}

/**
 * Every core, up to 4. ONNX Runtime's default is half the cores, which leaves a 2-core device
 * one thread; but while Whisper runs the visitor has stopped speaking and it is the whole
 * critical path. Measured on the 2-core test box (whisper-hears.ts, Whisper base q8, 3 clips):
 * 2 threads 2.15–2.18 s per transcription, 1 thread 3.17–3.23 s. ONNX Runtime falls back to
 * 1 thread itself when the page is not crossOriginIsolated.
 */
export function defaultWhisperThreads(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(4, cores));
}

export class SttLoadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "SttLoadError";
  }
}

const WHISPER_LANGUAGES: Record<string, string> = {
  en: "english",
  hi: "hindi",
  es: "spanish",
  fr: "french",
  de: "german",
  it: "italian",
  pt: "portuguese",
  nl: "dutch",
  ja: "japanese",
  zh: "chinese",
  ar: "arabic",
  ru: "russian",
  ta: "tamil",
  bn: "bengali",
};

/** "en-IN" → "english": Whisper names its languages. Unknown ones fall back to English. */
export function whisperLanguage(bcp47: string): string {
  return WHISPER_LANGUAGES[bcp47.toLowerCase().split(/[-_]/)[0]!] ?? "english";
}
