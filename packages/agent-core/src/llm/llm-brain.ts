import { normalizeAgentTurn } from "@parley/protocol";
import type { Brain, BrainEvent, BrainInput } from "../brain";
import { BrainOutputError } from "../errors";
import { buildPrompt, type BuiltPrompt, type PromptOptions } from "./prompt-builder";
import { StreamingTurnReader } from "./streaming-turn-reader";

/**
 * Whatever runs the model: given the prompt, yields raw output text as it is generated.
 * The widget's WebLLM worker adapter implements this with `chat.completions.create({ stream:
 * true, response_format: { type: "json_object", schema } })` and `interruptGenerate()` on abort.
 */
export type GenerateTokens = (prompt: BuiltPrompt, signal?: AbortSignal) => AsyncIterable<string>;

/** An LLM brain over any token stream: prompt → streamed response → validated turn. */
export class LlmBrain implements Brain {
  readonly kind = "webllm" as const;

  constructor(
    private readonly generate: GenerateTokens,
    private readonly promptOptions: PromptOptions = {},
  ) {}

  async *think(input: BrainInput, signal?: AbortSignal): AsyncGenerator<BrainEvent> {
    const prompt = buildPrompt(input, this.promptOptions);
    const reader = new StreamingTurnReader();
    for await (const chunk of this.generate(prompt, signal)) {
      const delta = reader.push(chunk);
      if (delta) yield { type: "response_delta", text: delta };
      if (signal?.aborted) break;
    }
    const raw = reader.end();
    const turn = normalizeAgentTurn(raw, { timeZone: input.site.timezone });
    if (!turn.ok)
      throw new BrainOutputError(
        "schema",
        `the model's turn does not match the schema: ${turn.error}`,
      );
    yield { type: "turn", turn: turn.value };
  }
}
