/**
 * The speaking stage: text in, audio out. Implementations queue sentences and say them in
 * order; `cancel()` stops at once (barge-in) and resolves every pending `speak()` as cancelled.
 */

export type SpokenOutcome = "spoken" | "cancelled" | "timed_out" | "failed";

export interface SpeakerEvents {
  /** The first sentence of an utterance became audible (`onstart`). */
  audible: { text: string; at: number };
  /** The platform stopped speech because of `cancel()` (`onerror("interrupted")`). */
  interrupted: { text: string; at: number };
}

export interface Speaker {
  /** Queue a sentence; resolves when it has been said (or was cancelled/timed out). */
  speak(sentence: string): Promise<SpokenOutcome>;
  /** True while something is being said or queued. */
  readonly speaking: boolean;
  /** Stop now and drop the queue (barge-in, hang-up). */
  cancel(): void;
  /** Resolves when the voice can speak (Web Speech loads its voices late); optional. */
  ready?(): Promise<void>;
  on<K extends keyof SpeakerEvents>(
    event: K,
    handler: (payload: SpeakerEvents[K]) => void,
  ): () => void;
}

/**
 * How long a sentence may take before we stop waiting for `onend` (some platforms never fire
 * it): a generous speaking rate (~9 characters a second at rate 1) plus a floor.
 */
export function speechTimeoutMs(sentence: string, rate = 1): number {
  return Math.round(4000 + (((sentence.length / 9) * 1000) / Math.max(0.25, rate)) * 1.5);
}
