import { Emitter } from "../core/emitter";
import { speechTimeoutMs, type Speaker, type SpeakerEvents, type SpokenOutcome } from "./speaker";
import { pickVoice } from "./voice-choice";

interface Pending {
  sentence: string;
  resolve: (outcome: SpokenOutcome) => void;
}

export interface WebSpeechSpeakerOptions {
  /** BCP 47 language ("en", "en-IN"); the voice is chosen by it. */
  language: string;
  rate?: number;
  synth?: SpeechSynthesis;
}

/**
 * Web Speech `speechSynthesis`, one utterance per sentence, so the first sentence is audible
 * while later ones are still being generated. Each utterance is guarded by a timeout because
 * some platforms never fire `onend`; `cancel()` fires `onerror("interrupted")` in Chromium.
 */
export class WebSpeechSpeaker implements Speaker {
  private readonly synth: SpeechSynthesis;
  private readonly events = new Emitter<SpeakerEvents>();
  private readonly queue: Pending[] = [];
  private current: { pending: Pending; timer: ReturnType<typeof setTimeout> } | null = null;
  private voice: SpeechSynthesisVoice | null = null;

  constructor(private readonly options: WebSpeechSpeakerOptions) {
    this.synth = options.synth ?? globalThis.speechSynthesis;
    this.refreshVoice();
    // Voices appear asynchronously (~2 s after load in Chromium).
    this.synth.addEventListener?.("voiceschanged", () => this.refreshVoice());
  }

  get speaking(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  on<K extends keyof SpeakerEvents>(
    event: K,
    handler: (payload: SpeakerEvents[K]) => void,
  ): () => void {
    return this.events.on(event, handler);
  }

  speak(sentence: string): Promise<SpokenOutcome> {
    const text = sentence.trim();
    if (!text) return Promise.resolve("spoken");
    return new Promise((resolve) => {
      this.queue.push({ sentence: text, resolve });
      if (!this.current) this.next();
    });
  }

  cancel(): void {
    const dropped = this.queue.splice(0);
    const current = this.current;
    this.current = null;
    if (current) clearTimeout(current.timer);
    this.synth.cancel();
    // Resolve after cancel() so callers see the platform's interruption first.
    current?.pending.resolve("cancelled");
    for (const pending of dropped) pending.resolve("cancelled");
  }

  /** Wait for voices (they load asynchronously); resolves after at most `timeoutMs`. */
  async ready(timeoutMs = 3000): Promise<void> {
    if (this.synth.getVoices().length > 0) return this.refreshVoice();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.synth.addEventListener?.(
        "voiceschanged",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
    this.refreshVoice();
  }

  private refreshVoice(): void {
    this.voice = pickVoice(this.synth.getVoices(), this.options.language);
  }

  private next(): void {
    const pending = this.queue.shift();
    if (!pending) return;
    const utterance = new SpeechSynthesisUtterance(pending.sentence);
    utterance.lang = this.voice?.lang ?? this.options.language;
    if (this.voice) utterance.voice = this.voice;
    utterance.rate = this.options.rate ?? 1;
    const finish = (outcome: SpokenOutcome) => {
      if (this.current?.pending !== pending) return; // already cancelled or timed out
      clearTimeout(this.current.timer);
      this.current = null;
      pending.resolve(outcome);
      this.next();
    };
    utterance.onstart = () =>
      this.events.emit("audible", { text: pending.sentence, at: performance.now() });
    utterance.onend = () => finish("spoken");
    utterance.onerror = (event) => {
      if (event.error === "interrupted" || event.error === "canceled") {
        this.events.emit("interrupted", { text: pending.sentence, at: performance.now() });
        finish("cancelled");
      } else finish("failed");
    };
    const timer = setTimeout(
      () => {
        // The platform never said it finished: stop waiting, and stop the stuck utterance.
        if (this.current?.pending !== pending) return;
        this.current = null;
        this.synth.cancel();
        pending.resolve("timed_out");
        this.next();
      },
      speechTimeoutMs(pending.sentence, utterance.rate),
    );
    this.current = { pending, timer };
    this.synth.speak(utterance);
  }
}
