import type { LoadProgress } from "../core/voice-agent";

/** Messages between `WhisperWorkerClient` and `whisper.worker.ts`. */
export type WhisperRequest =
  | {
      type: "load";
      modelId: string;
      localModelPath: string | null;
      /** Absolute URL of the folder with ort-wasm-simd-threaded.jsep.{mjs,wasm}. */
      wasmPaths: string;
      device: "auto" | "wasm" | "webgpu";
      /** Whisper's language name ("english"). */
      language: string;
      /** Expected sha256 per file name (weights); a mismatch fails the load. */
      sha256: Record<string, string>;
      /** WASM threads; the client sends `defaultWhisperThreads()` unless told otherwise. */
      numThreads?: number;
    }
  | { type: "transcribe"; id: number; audio: Float32Array };

export type WhisperResponse =
  | { type: "progress"; progress: LoadProgress }
  | {
      type: "loaded";
      device: "wasm" | "webgpu";
      ms: number;
      /** WASM threads ONNX Runtime runs Whisper on (1 when the page is not crossOriginIsolated). */
      threads: number;
      crossOriginIsolated: boolean;
      /** The warm-up inference (1 s of silence), ms. */
      warmupMs: number;
    }
  | { type: "load_failed"; message: string; retryable: boolean }
  | { type: "transcript"; id: number; text: string; ms: number }
  | { type: "transcribe_failed"; id: number; message: string };
