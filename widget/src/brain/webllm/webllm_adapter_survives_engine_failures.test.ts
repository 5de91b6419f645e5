import { describe, expect, it } from "vitest";
import { agentTurnJsonSchemaString } from "@parley/protocol";
import { checkWebLlmCapability, type AdapterLike } from "./capability";
import { webLlmAppConfig } from "./app-config";
import { ScriptedEngine } from "./scripted-engine";
import { GenerationError, WebLlmGenerator } from "./webllm-generator";

const TURN = JSON.stringify({
  immediate_response: "We offer a 30-day money-back guarantee. Refunds take 5-7 business days.",
  intent: "policy_query",
  entities: {},
  needs_clarification: false,
  clarification_question: null,
  missing_info: [],
  actions: [],
  used_knowledge: true,
  escalate_to_human: false,
  sentiment: "neutral",
});
const request = {
  messages: [{ role: "user" as const, content: "What is your refund policy?" }],
  schema: agentTurnJsonSchemaString,
};

async function collect(
  gen: AsyncGenerator<string, unknown>,
): Promise<{ text: string; error: unknown }> {
  let text = "";
  try {
    for await (const delta of gen) text += delta;
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

describe("WebLlmGenerator against a scripted MLCEngineInterface", () => {
  it("streams deltas with JSON-schema constrained decoding requested", async () => {
    const engine = new ScriptedEngine({ output: TURN });
    const { text, error } = await collect(new WebLlmGenerator(engine.asEngine()).generate(request));
    expect(error).toBeNull();
    expect(JSON.parse(text)).toMatchObject({ intent: "policy_query" });
    expect(engine.requests[0]).toMatchObject({
      stream: true,
      response_format: { type: "json_object", schema: agentTurnJsonSchemaString },
    });
  });

  it("yields the first delta long before the whole answer exists", async () => {
    const engine = new ScriptedEngine({ output: TURN, tokenMs: 5 });
    const started = performance.now();
    const gen = new WebLlmGenerator(engine.asEngine()).generate(request);
    await gen.next();
    const first = performance.now() - started;
    for await (const _ of gen) void _;
    expect(first).toBeLessThan((performance.now() - started) / 5);
  });

  it("reports truncation (finish_reason length) as an error, not as a turn", async () => {
    const engine = new ScriptedEngine({ output: TURN, truncateAt: 60 });
    const { text, error } = await collect(new WebLlmGenerator(engine.asEngine()).generate(request));
    expect(text).toHaveLength(60);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).failure).toBe("truncated");
  });

  it("passes invalid JSON through unchanged for the dialogue core's reader to reject", async () => {
    const engine = new ScriptedEngine({
      output: '{"immediate_response": "Sure", "intent": "refund??", }',
    });
    const { text, error } = await collect(new WebLlmGenerator(engine.asEngine()).generate(request));
    expect(error).toBeNull();
    expect(() => JSON.parse(text)).toThrow();
  });

  it("aborts on barge-in: interruptGenerate is called and the stream ends as aborted", async () => {
    const engine = new ScriptedEngine({ output: TURN, tokenMs: 10 });
    const controller = new AbortController();
    const gen = new WebLlmGenerator(engine.asEngine()).generate({
      ...request,
      signal: controller.signal,
    });
    await gen.next();
    controller.abort();
    const { error } = await collect(gen);
    expect((error as GenerationError).failure).toBe("aborted");
    expect(engine.interrupts).toBeGreaterThan(0);
  });

  it("detects a worker crash mid-stream and refuses later turns until reloaded", async () => {
    const listeners = new Set<(reason: string) => void>();
    const onCrash = (listener: (reason: string) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    const engine = new ScriptedEngine({ output: TURN, hangAt: 20 }, { output: TURN });
    const generator = new WebLlmGenerator(engine.asEngine(), { onCrash });
    const gen = generator.generate(request);
    await gen.next();
    setTimeout(() => listeners.forEach((l) => l("worker terminated")), 20);
    const { error } = await collect(gen);
    expect((error as GenerationError).failure).toBe("crashed");
    expect(generator.isCrashed).toBe(true);
    const again = await collect(generator.generate(request));
    expect((again.error as GenerationError).failure).toBe("crashed");
  });

  it("gives up on a hung engine after the stall timeout", async () => {
    const engine = new ScriptedEngine({ output: TURN, hangAt: 8 });
    const { error } = await collect(
      new WebLlmGenerator(engine.asEngine(), { stallMs: 50 }).generate(request),
    );
    expect((error as GenerationError).failure).toBe("stalled");
  });

  it("marks a lost GPU device as a crash", async () => {
    const engine = new ScriptedEngine({
      output: "",
      createError: "Device was lost. This can happen due to insufficient memory",
    });
    const generator = new WebLlmGenerator(engine.asEngine());
    const { error } = await collect(generator.generate(request));
    expect((error as GenerationError).failure).toBe("crashed");
    expect(generator.isCrashed).toBe(true);
  });
});

describe("checkWebLlmCapability", () => {
  const adapter = (
    features: string[],
    bufferGb = 2,
    info: AdapterLike["info"] = {},
  ): AdapterLike => ({
    features: new Set(features),
    limits: { maxBufferSize: bufferGb * 2 ** 30, maxStorageBufferBindingSize: bufferGb * 2 ** 30 },
    info,
  });
  const gpu = (a: AdapterLike | null) => ({ requestAdapter: async () => a });

  it("uses the Lite brain without WebGPU, without an adapter, or on a software adapter", async () => {
    expect(await checkWebLlmCapability({ gpu: undefined })).toMatchObject({
      brain: "lite",
      reason: "this browser has no WebGPU",
    });
    expect(await checkWebLlmCapability({ gpu: gpu(null) })).toMatchObject({ brain: "lite" });
    expect(
      await checkWebLlmCapability({
        gpu: gpu(adapter(["shader-f16"], 2, { architecture: "swiftshader" })),
      }),
    ).toMatchObject({
      brain: "lite",
      reason: "only a software GPU is available",
    });
    expect(
      await checkWebLlmCapability({ gpu: gpu(adapter(["shader-f16"])), deviceMemoryGb: 2 }),
    ).toMatchObject({ brain: "lite" });
  });

  it("picks Mistral q4f16 with shader-f16, q4f32 without, a small model on small limits", async () => {
    expect(await checkWebLlmCapability({ gpu: gpu(adapter(["shader-f16"])) })).toMatchObject({
      brain: "webllm",
      modelId: "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
    });
    expect(await checkWebLlmCapability({ gpu: gpu(adapter([])) })).toMatchObject({
      modelId: "Mistral-7B-Instruct-v0.3-q4f32_1-MLC",
    });
    expect(await checkWebLlmCapability({ gpu: gpu(adapter(["shader-f16"], 0.25)) })).toMatchObject({
      modelId: "Qwen2.5-1.5B-Instruct-q4f16_1-MLC",
    });
    expect(
      await checkWebLlmCapability({ gpu: gpu(adapter([], 2)), deviceMemoryGb: 4 }),
    ).toMatchObject({
      modelId: "Qwen2.5-1.5B-Instruct-q4f32_1-MLC",
    });
  });
});

describe("webLlmAppConfig", () => {
  it("keeps the prebuilt record by default and rewrites both URLs, absolute, when self-hosted", () => {
    const prebuilt = webLlmAppConfig(
      "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
      undefined,
      "https://shop.example/",
    );
    expect(prebuilt.model_list).toHaveLength(1);
    const hosted = webLlmAppConfig(
      "Mistral-7B-Instruct-v0.3-q4f16_1-MLC",
      "/llm",
      "https://shop.example/support/",
    );
    expect(hosted.model_list[0]).toMatchObject({
      model: "https://shop.example/llm/Mistral-7B-Instruct-v0.3-q4f16_1-MLC/",
      model_lib: "https://shop.example/llm/libs/Mistral-7B-Instruct-v0.3-q4f16_1_cs1k-webgpu.wasm",
    });
    expect(() => webLlmAppConfig("nope")).toThrow(/unknown WebLLM model/);
  });
});
