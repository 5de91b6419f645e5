import type { SpokenOutcome } from "../tts/speaker";

/** Why the agent is speaking. */
export type ReplyKind = "greeting" | "answer" | "announcement";

/** One sentence of a reply as it was handed to the speaker. */
export interface ReplySentence {
  text: string;
  /** performance.now() when the speaker started it (`onstart`); null until then. */
  audibleAt: number | null;
  /** How it ended; null while queued or being said. */
  outcome: SpokenOutcome | null;
}

/** The visitor spoke over the reply: when their speech began and when the agent's voice stopped. */
export interface ReplyInterruption {
  speechAt: number;
  stoppedAt: number;
}

/**
 * One reply of the agent, from the moment it is decided to its last sentence: what is being said,
 * the text handed to the voice, and whether the visitor interrupted it. Aborting it stops the
 * brain's generation (WebLLM's interruptGenerate) and every sentence not yet spoken.
 */
export class AgentReply {
  private readonly controller = new AbortController();
  readonly sentences: ReplySentence[] = [];
  /** Set when the visitor barged in; the reply is aborted at the same moment. */
  interruption: ReplyInterruption | null = null;

  constructor(
    readonly turnId: string,
    readonly kind: ReplyKind,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  get interrupted(): boolean {
    return this.interruption !== null;
  }

  /** The sentence the voice is saying now (started and not finished), or null. */
  get saying(): ReplySentence | null {
    return this.sentences.find((s) => s.audibleAt !== null && s.outcome === null) ?? null;
  }

  /** Everything handed to the voice so far, in order. */
  get text(): string {
    return this.sentences.map((s) => s.text).join(" ");
  }

  abort(): void {
    this.controller.abort();
  }

  interrupt(interruption: ReplyInterruption): void {
    this.interruption = interruption;
    this.abort();
  }
}
