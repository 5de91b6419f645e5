import type { Brain } from "@parley/agent-core";
import { checkWebLlmCapability, type Capability, type GpuLike } from "../brain/webllm/capability";
import type { defaultWorkers } from "./default-workers";
import type { LoadProgress, ModelPreferences } from "./voice-agent";

/** Which brain this device gets: the site's choice, else WebLLM where the GPU can run it. */
export async function chooseBrain(models: ModelPreferences | undefined): Promise<Capability> {
  const wanted = models?.brain ?? "auto";
  if (wanted === "lite") return { brain: "lite", reason: "the site chose the Lite brain" };
  const nav = globalThis.navigator as Navigator & { gpu?: GpuLike; deviceMemory?: number };
  return checkWebLlmCapability({
    gpu: nav?.gpu,
    ...(nav?.deviceMemory !== undefined ? { deviceMemoryGb: nav.deviceMemory } : {}),
    ...(models?.webllmModel ? { preferredModel: models.webllmModel } : {}),
  });
}

export interface LoadedBrain {
  /** Undefined: the Lite brain decides alone. */
  brain: Brain | undefined;
  /** Terminates the WebLLM worker; null for the Lite brain. */
  dispose: (() => void) | null;
  /** Set when WebLLM was chosen but could not load (the call goes on with the Lite brain). */
  fellBackBecause: string | null;
}

/** Loads WebLLM when it was chosen; a failed download falls back to the Lite brain. */
export async function loadBrain(
  capability: Capability,
  models: ModelPreferences | undefined,
  workers: typeof defaultWorkers,
  onProgress: (progress: LoadProgress) => void,
): Promise<LoadedBrain> {
  if (capability.brain !== "webllm")
    return { brain: undefined, dispose: null, fellBackBecause: null };
  try {
    // Loaded on demand: devices on the Lite brain never download web-llm's code.
    const { createWebLlmBrain } = await import("../brain/webllm/webllm-brain");
    const loaded = await createWebLlmBrain({
      createWorker: workers.webllm,
      modelId: capability.modelId,
      ...(models?.webllmModelBaseUrl ? { modelBaseUrl: models.webllmModelBaseUrl } : {}),
      onProgress,
    });
    return { brain: loaded.brain, dispose: loaded.dispose, fellBackBecause: null };
  } catch (error) {
    return {
      brain: undefined,
      dispose: null,
      fellBackBecause: `the on-device AI model could not load (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
