import type {
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  MLCEngineInterface,
} from "@mlc-ai/web-llm";

/**
 * A stand-in for web-llm's engine at the one boundary that cannot exist here (real weights
 * cannot be fetched): it streams a scripted completion the way `MLCEngine` does — chunked
 * deltas at a token rate, a final chunk with `finish_reason` and usage, `interruptGenerate()`
 * ending the stream with `finish_reason: "abort"` — and can fail like the real one.
 */
export interface EngineScript {
  /** The text the "model" writes. */
  output: string;
  /** Characters per chunk (a token is ~4 characters). */
  chunkChars?: number;
  /** Delay between chunks, ms. */
  tokenMs?: number;
  /** Delay before the first chunk (prefill), ms. */
  prefillMs?: number;
  /** Stop after this many characters with finish_reason "length" (max_tokens reached). */
  truncateAt?: number;
  /** Throw this from `create()` (e.g. a lost GPU device). */
  createError?: string;
  /** Never produce a chunk after this many characters (a hung worker). */
  hangAt?: number;
}

export class ScriptedEngine {
  readonly requests: ChatCompletionRequestStreaming[] = [];
  interrupts = 0;
  private interrupted = false;
  private readonly scripts: EngineScript[];

  constructor(...scripts: EngineScript[]) {
    this.scripts = scripts;
  }

  interruptGenerate(): void {
    this.interrupts++;
    this.interrupted = true;
  }

  readonly chat = {
    completions: {
      create: async (
        request: ChatCompletionRequestStreaming,
      ): Promise<AsyncIterable<ChatCompletionChunk>> => {
        this.requests.push(request);
        const script = this.scripts.shift();
        if (!script) throw new Error("ScriptedEngine: no script left for this request");
        if (script.createError) throw new Error(script.createError);
        this.interrupted = false;
        return this.stream(script);
      },
    },
  };

  asEngine(): MLCEngineInterface {
    return this as unknown as MLCEngineInterface;
  }

  private async *stream(script: EngineScript): AsyncGenerator<ChatCompletionChunk> {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const size = script.chunkChars ?? 4;
    const limit = script.truncateAt ?? script.output.length;
    await sleep(script.prefillMs ?? 5);
    let sent = 0;
    let finish: "stop" | "length" | "abort" = script.truncateAt !== undefined ? "length" : "stop";
    while (sent < Math.min(limit, script.output.length)) {
      if (this.interrupted) {
        finish = "abort";
        break;
      }
      if (script.hangAt !== undefined && sent >= script.hangAt) await new Promise(() => {});
      const piece = script.output.slice(sent, Math.min(sent + size, limit));
      sent += piece.length;
      yield chunk(piece, null);
      await sleep(script.tokenMs ?? 2);
    }
    yield chunk("", finish, Math.ceil(sent / size));
  }
}

function chunk(
  content: string,
  finish: "stop" | "length" | "abort" | null,
  tokens?: number,
): ChatCompletionChunk {
  return {
    id: "chatcmpl-scripted",
    object: "chat.completion.chunk",
    created: 0,
    model: "scripted",
    choices: [
      {
        index: 0,
        delta: content ? { content, role: "assistant" } : {},
        finish_reason: finish,
        logprobs: null,
      },
    ],
    ...(tokens !== undefined
      ? {
          usage: {
            completion_tokens: tokens,
            prompt_tokens: 100,
            total_tokens: 100 + tokens,
            extra: {},
          },
        }
      : {}),
  } as ChatCompletionChunk;
}
