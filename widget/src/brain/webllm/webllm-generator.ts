import type { ChatCompletionMessageParam, MLCEngineInterface } from "@mlc-ai/web-llm";

/**
 * The engine-facing half of the WebLLM brain: one JSON-schema-constrained, streamed chat
 * completion, turned into a plain token stream with typed failures. The dialogue core's
 * streaming JSON reader consumes the tokens; on any failure here the turn is decided by the
 * Lite brain instead (the visitor never hears a broken answer).
 */

export type GenerationFailure =
  /** The model stopped at `max_tokens`: the JSON is incomplete. */
  | "truncated"
  /** interruptGenerate() (barge-in) or the caller's abort signal. */
  | "aborted"
  /** The worker died or the GPU device was lost. */
  | "crashed"
  /** No token for `stallMs`. */
  | "stalled"
  | "engine_error";

export class GenerationError extends Error {
  constructor(
    readonly failure: GenerationFailure,
    message: string,
  ) {
    super(message);
    this.name = "GenerationError";
  }
  /** A crashed engine must be reloaded before the next turn; the others can go on. */
  get engineUsable(): boolean {
    return this.failure !== "crashed";
  }
}

export interface GenerateRequest {
  messages: ChatCompletionMessageParam[];
  /** JSON Schema (string) for constrained decoding. */
  schema: string;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

export interface GeneratorOptions {
  /** Registers a crash listener (worker `error` event, GPU device lost); returns an unsubscribe. */
  onCrash?: (listener: (reason: string) => void) => () => void;
  /** Longest silence between tokens before the generation is considered hung. */
  stallMs?: number;
}

export class WebLlmGenerator {
  private crashed: string | null = null;

  constructor(
    private readonly engine: MLCEngineInterface,
    private readonly options: GeneratorOptions = {},
  ) {
    options.onCrash?.((reason) => {
      this.crashed = reason;
    });
  }

  get isCrashed(): boolean {
    return this.crashed !== null;
  }

  /** Stop the current generation now (barge-in). */
  interrupt(): void {
    this.engine.interruptGenerate();
  }

  /** Yields text deltas; throws `GenerationError` when the output cannot be trusted. */
  async *generate(
    request: GenerateRequest,
  ): AsyncGenerator<string, { finishReason: string; completionTokens: number | null }> {
    if (this.crashed)
      throw new GenerationError("crashed", `the WebLLM engine crashed earlier: ${this.crashed}`);
    const failure = new FailureGate(this.options.stallMs ?? 15_000);
    const unsubscribe = this.options.onCrash?.((reason) =>
      failure.fail(new GenerationError("crashed", `WebLLM worker crashed: ${reason}`)),
    );
    const onAbort = () => {
      this.engine.interruptGenerate();
      failure.fail(new GenerationError("aborted", "generation interrupted"));
    };
    if (request.signal?.aborted)
      throw new GenerationError("aborted", "generation interrupted before it started");
    request.signal?.addEventListener("abort", onAbort, { once: true });
    let finishReason = "unknown";
    let completionTokens: number | null = null;
    try {
      const stream = await failure.race(
        this.engine.chat.completions.create({
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          temperature: request.temperature ?? 0.2,
          max_tokens: request.maxTokens ?? 400,
          response_format: { type: "json_object", schema: request.schema },
        }),
      );
      const iterator = stream[Symbol.asyncIterator]();
      for (;;) {
        const next = await failure.race(iterator.next());
        if (next.done) break;
        const chunk = next.value;
        if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.delta.content) yield choice.delta.content;
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (error) {
      if (error instanceof GenerationError) throw error;
      if (request.signal?.aborted) throw new GenerationError("aborted", "generation interrupted");
      const message = error instanceof Error ? error.message : String(error);
      // web-llm reports a lost device (mostly out of memory) as an error: the engine must be reloaded.
      if (/device (was )?lost|DeviceLost/i.test(message)) {
        this.crashed = message;
        throw new GenerationError("crashed", message);
      }
      throw new GenerationError("engine_error", message);
    } finally {
      failure.dispose();
      unsubscribe?.();
      request.signal?.removeEventListener("abort", onAbort);
    }
    if (finishReason === "length")
      throw new GenerationError(
        "truncated",
        "the model reached max_tokens before closing the JSON",
      );
    if (finishReason === "abort") throw new GenerationError("aborted", "generation interrupted");
    return { finishReason, completionTokens };
  }
}

/** Races each engine promise against crash, abort and a stall timer reset on every token. */
class FailureGate {
  private reject: ((error: GenerationError) => void) | null = null;
  private failed: GenerationError | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly stallMs: number) {}

  fail(error: GenerationError): void {
    if (this.failed) return;
    this.failed = error;
    this.reject?.(error);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.fail(new GenerationError("stalled", `no token for ${this.stallMs} ms`)),
      this.stallMs,
    );
    return new Promise<T>((resolve, reject) => {
      this.reject = reject;
      promise.then(resolve, reject);
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.reject = null;
  }
}
