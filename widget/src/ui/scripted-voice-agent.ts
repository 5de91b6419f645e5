import { Emitter } from "../core/emitter";
import type { AgentState, BrainMode, VoiceAgent, VoiceAgentEvents } from "../core/voice-agent";

/**
 * A VoiceAgent driven by a script, for exercising the shells without a microphone or models:
 * each step emits what the real pipeline would (state changes, captions, progress, errors).
 * Used by the UI's unit tests and by the UI's visual development page; the Bars run the real one.
 */
export type ScriptStep = {
  [K in keyof VoiceAgentEvents]: { event: K; payload: VoiceAgentEvents[K] };
}[keyof VoiceAgentEvents];

export interface ScriptedAgentScript {
  /** Emitted in order by start(); an Error is thrown instead of emitted. */
  onStart?: Array<ScriptStep | Error>;
  /** Emitted in order by sendText(text). */
  onText?: (text: string) => Array<ScriptStep | Error>;
}

export class ScriptedVoiceAgent implements VoiceAgent {
  readonly calls: string[] = [];
  #state: AgentState = "idle";
  #mode: BrainMode | null = null;
  #events = new Emitter<VoiceAgentEvents>();
  disposed = false;

  constructor(private readonly script: ScriptedAgentScript = {}) {}

  get state(): AgentState {
    return this.#state;
  }
  get mode(): BrainMode | null {
    return this.#mode;
  }

  on<K extends keyof VoiceAgentEvents>(
    event: K,
    handler: (payload: VoiceAgentEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, handler);
  }

  emit(step: ScriptStep): void {
    if (step.event === "state") this.#state = step.payload;
    if (step.event === "mode") this.#mode = step.payload.mode;
    this.#events.emit(step.event, step.payload as never);
  }

  async #run(steps: Array<ScriptStep | Error>): Promise<void> {
    for (const step of steps) {
      await Promise.resolve();
      if (step instanceof Error) throw step;
      this.emit(step);
    }
  }

  async start(): Promise<void> {
    this.calls.push("start");
    await this.#run(this.script.onStart ?? [{ event: "state", payload: "listening" }]);
  }
  async stop(): Promise<void> {
    this.calls.push("stop");
    this.emit({ event: "state", payload: "ended" });
  }
  async sendText(text: string): Promise<void> {
    this.calls.push(`text:${text}`);
    await this.#run(this.script.onText?.(text) ?? []);
  }
  setMuted(muted: boolean): void {
    this.calls.push(`muted:${muted}`);
  }
  async cancelHandoff(): Promise<void> {
    this.calls.push("cancelHandoff");
  }

  async rate(rating: 1 | 2 | 3 | 4 | 5): Promise<void> {
    this.calls.push(`rate:${rating}`);
  }
  dispose(): void {
    this.disposed = true;
    this.#events.clear();
  }
}
