import { CreateWebWorkerMLCEngine, type InitProgressReport } from "@mlc-ai/web-llm";
import { agentTurnJsonSchemaString } from "@parley/protocol";
import { LlmBrain } from "@parley/agent-core";
import type { LoadProgress } from "../../core/voice-agent";
import { webLlmAppConfig } from "./app-config";
import { WebLlmGenerator } from "./webllm-generator";

export interface WebLlmBrainOptions {
  createWorker: () => Worker;
  modelId: string;
  modelBaseUrl?: string;
  onProgress: (progress: LoadProgress) => void;
}

/**
 * Loads the WebLLM engine in its worker and wraps it as the dialogue core's LLM brain: the
 * prompt builder and the streaming JSON reader are agent-core's, the tokens come from
 * `WebLlmGenerator` (constrained decoding, interrupt on abort, crash and stall detection).
 */
export async function createWebLlmBrain(
  options: WebLlmBrainOptions,
): Promise<{ brain: LlmBrain; dispose: () => void }> {
  const worker = options.createWorker();
  const crashListeners = new Set<(reason: string) => void>();
  worker.addEventListener("error", (event) =>
    crashListeners.forEach((l) => l(event.message || "worker error")),
  );
  const engine = await CreateWebWorkerMLCEngine(worker, options.modelId, {
    appConfig: webLlmAppConfig(options.modelId, options.modelBaseUrl),
    initProgressCallback: (report: InitProgressReport) =>
      options.onProgress({
        part: "llm",
        label: `On-device AI (${options.modelId}) — ${report.text}`,
        loadedBytes: 0,
        totalBytes: null,
        fraction: report.progress,
        fromCache: /cache/i.test(report.text),
      }),
  });
  const generator = new WebLlmGenerator(engine, {
    onCrash: (listener) => {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
  });
  const brain = new LlmBrain(
    (prompt, signal) =>
      generator.generate({
        messages: prompt.messages,
        schema: agentTurnJsonSchemaString,
        ...(signal ? { signal } : {}),
      }),
    { includeSchema: false },
  );
  return {
    brain,
    dispose: () => {
      void engine.unload().catch(() => undefined);
      worker.terminate();
    },
  };
}
