/**
 * Can this device run the WebLLM brain, and which model? Decided before anything is
 * downloaded (web-llm's `reload()` only fails after fetching config and model library when
 * WebGPU is missing). The answer carries a reason the visitor is shown ("lite mode: this
 * browser has no WebGPU").
 */

export const DEFAULT_WEBLLM_MODEL = "Mistral-7B-Instruct-v0.3-q4f16_1-MLC";
/** Used when the adapter lacks `shader-f16`. */
export const F32_FALLBACK: Record<string, string> = {
  "Mistral-7B-Instruct-v0.3-q4f16_1-MLC": "Mistral-7B-Instruct-v0.3-q4f32_1-MLC",
  "Qwen2.5-1.5B-Instruct-q4f16_1-MLC": "Qwen2.5-1.5B-Instruct-q4f32_1-MLC",
};
/** A smaller prebuilt model for GPUs whose limits (or devices whose memory) are too small for 7B. */
export const SMALL_WEBLLM_MODEL = "Qwen2.5-1.5B-Instruct-q4f16_1-MLC";

/** Limits below these cannot hold a 7B model's largest buffers. */
export const LARGE_MODEL_MIN_BUFFER_BYTES = 1024 * 1024 * 1024;
/** `navigator.deviceMemory` (GiB, rounded down by the browser) needed for 7B / for any model. */
export const LARGE_MODEL_MIN_DEVICE_GB = 8;
export const ANY_MODEL_MIN_DEVICE_GB = 4;

export interface AdapterLike {
  features: { has(feature: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: {
    architecture?: string;
    description?: string;
    vendor?: string;
    isFallbackAdapter?: boolean;
  };
  isFallbackAdapter?: boolean;
}

export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: "high-performance" | "low-power";
  }): Promise<AdapterLike | null>;
}

export type Capability =
  { brain: "webllm"; modelId: string; reason: string } | { brain: "lite"; reason: string };

export async function checkWebLlmCapability(input: {
  gpu: GpuLike | undefined;
  /** `navigator.deviceMemory` when the browser exposes it. */
  deviceMemoryGb?: number;
  preferredModel?: string;
}): Promise<Capability> {
  if (!input.gpu) return { brain: "lite", reason: "this browser has no WebGPU" };
  let adapter: AdapterLike | null;
  try {
    adapter = await input.gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch {
    adapter = null;
  }
  if (!adapter) return { brain: "lite", reason: "no WebGPU adapter is available" };
  const description =
    `${adapter.info?.architecture ?? ""} ${adapter.info?.description ?? ""}`.toLowerCase();
  if (
    adapter.isFallbackAdapter ||
    adapter.info?.isFallbackAdapter ||
    description.includes("swiftshader")
  ) {
    return { brain: "lite", reason: "only a software GPU is available" };
  }
  if (input.deviceMemoryGb !== undefined && input.deviceMemoryGb < ANY_MODEL_MIN_DEVICE_GB) {
    return { brain: "lite", reason: `the device reports ${input.deviceMemoryGb} GB of memory` };
  }
  let modelId = input.preferredModel ?? DEFAULT_WEBLLM_MODEL;
  const reasons: string[] = [];
  const bigEnough =
    adapter.limits.maxBufferSize >= LARGE_MODEL_MIN_BUFFER_BYTES &&
    adapter.limits.maxStorageBufferBindingSize >= LARGE_MODEL_MIN_BUFFER_BYTES &&
    (input.deviceMemoryGb === undefined || input.deviceMemoryGb >= LARGE_MODEL_MIN_DEVICE_GB);
  if (!bigEnough && !input.preferredModel) {
    modelId = SMALL_WEBLLM_MODEL;
    reasons.push("the GPU's limits are too small for a 7B model");
  }
  if (!adapter.features.has("shader-f16")) {
    const f32 = F32_FALLBACK[modelId] ?? modelId.replace("q4f16_1", "q4f32_1");
    if (f32 !== modelId) reasons.push("the GPU lacks shader-f16");
    modelId = f32;
  }
  return {
    brain: "webllm",
    modelId,
    reason: reasons.length ? `${modelId}: ${reasons.join("; ")}` : modelId,
  };
}
