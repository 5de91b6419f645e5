/// <reference lib="webworker" />
/**
 * Whisper in a Web Worker (transformers.js), so transcription never blocks the page. WebGPU
 * when the device has a real adapter, WASM otherwise; the ONNX Runtime wasm comes from the
 * site's own origin (`wasmPaths`), weights are sha256-checked by `VerifiedModelCache`.
 */
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from "@huggingface/transformers";
import { isRetryableLoadError } from "../core/retryable-error";
import { VerifiedModelCache } from "./verified-model-cache";
import type { WhisperRequest, WhisperResponse } from "./whisper-protocol";

declare const self: DedicatedWorkerGlobalScope;

let transcriber: AutomaticSpeechRecognitionPipeline | null = null;
let language = "english";

const post = (message: WhisperResponse) => self.postMessage(message);

async function pickDevice(wanted: "auto" | "wasm" | "webgpu"): Promise<"wasm" | "webgpu"> {
  if (wanted !== "auto") return wanted;
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return "wasm";
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return "wasm";
    // Software adapters (SwiftShader) are far slower than WASM for Whisper.
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
    const text =
      `${info?.architecture ?? ""} ${info?.description ?? ""} ${info?.vendor ?? ""}`.toLowerCase();
    return text.includes("swiftshader") ? "wasm" : "webgpu";
  } catch {
    return "wasm";
  }
}

async function load(request: Extract<WhisperRequest, { type: "load" }>): Promise<void> {
  const started = performance.now();
  language = request.language;
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: string; numThreads?: number } };
  if (onnx.wasm) onnx.wasm.wasmPaths = request.wasmPaths; // never the CDN default
  if (onnx.wasm && request.numThreads) onnx.wasm.numThreads = request.numThreads;
  env.useBrowserCache = false;
  env.useCustomCache = true;
  const weights = new VerifiedModelCache(
    request.sha256,
    (progress) => post({ type: "progress", progress }),
    "Speech recognition",
  );
  env.customCache = weights;
  if (request.localModelPath) {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = request.localModelPath;
    // The weights first, where a failed download can be reported: transformers.js swallows
    // errors from a cache's `match` and would fetch the file itself, unchecked.
    await weights.prefetch(
      Object.keys(request.sha256).map(
        (file) => new URL(`${request.modelId}/onnx/${file}`, request.localModelPath!).href,
      ),
    );
  } else {
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
  }
  const device = await pickDevice(request.device);
  // Typed loosely on purpose: `pipeline`'s overloads are too large a union for the compiler.
  const load = pipeline as unknown as (
    task: string,
    model: string,
    options: object,
  ) => Promise<AutomaticSpeechRecognitionPipeline>;
  transcriber = await load("automatic-speech-recognition", request.modelId, {
    dtype: "q8",
    device,
  });
  // Warm-up: the first inference compiles kernels; do it now, not on the visitor's first question.
  const warmupStarted = performance.now();
  await transcriber(new Float32Array(16000), { language, task: "transcribe" });
  post({
    type: "loaded",
    device,
    ms: performance.now() - started,
    threads: onnx.wasm?.numThreads ?? 1,
    crossOriginIsolated: self.crossOriginIsolated,
    warmupMs: performance.now() - warmupStarted,
  });
}

self.onmessage = async (event: MessageEvent<WhisperRequest>) => {
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
  if (!transcriber) {
    post({ type: "transcribe_failed", id: message.id, message: "Whisper is not loaded" });
    return;
  }
  const started = performance.now();
  try {
    const output = await transcriber(message.audio, { language, task: "transcribe" });
    const text = Array.isArray(output) ? output.map((o) => o.text).join(" ") : output.text;
    post({ type: "transcript", id: message.id, text, ms: performance.now() - started });
  } catch (error) {
    post({
      type: "transcribe_failed",
      id: message.id,
      message: error instanceof Error ? error.message : String(error),
    });
  }
};
