/**
 * Decides, frame by frame, whether the visitor started talking over the agent. Only armed while
 * the agent speaks. With echo cancellation on, the agent's own voice reaches the detector as
 * faint residue; requiring a run of confidently-speech frames (not one spike) keeps that from
 * interrupting the agent, while a real visitor is detected in about 100 ms (3 Silero frames),
 * well inside the 300 ms budget for stopping speech.
 */
export interface BargeInOptions {
  /** Speech probability a frame needs while the agent speaks (higher than normal listening). */
  threshold: number;
  /** Consecutive speech this long triggers barge-in. */
  minSpeechMs: number;
  /** Frames quieter than this input level are never speech (echo residue after AEC). */
  minLevel: number;
}

export const DEFAULT_BARGE_IN: BargeInOptions = { threshold: 0.7, minSpeechMs: 90, minLevel: 0.01 };

export class BargeInDetector {
  private armed = false;
  private runStartedAt: number | null = null;

  constructor(private readonly options: BargeInOptions = DEFAULT_BARGE_IN) {}

  arm(): void {
    this.armed = true;
    this.runStartedAt = null;
  }

  disarm(): void {
    this.armed = false;
    this.runStartedAt = null;
  }

  get isArmed(): boolean {
    return this.armed;
  }

  /**
   * Feed one frame (`at` = when the frame ended, ms). Returns the time the visitor's speech
   * began when this frame completes a barge-in, else null. Disarms itself when it fires.
   */
  frame(probability: number, level: number, at: number, frameMs = 32): number | null {
    if (!this.armed) return null;
    const speech = probability >= this.options.threshold && level >= this.options.minLevel;
    if (!speech) {
      this.runStartedAt = null;
      return null;
    }
    this.runStartedAt ??= at - frameMs;
    if (at - this.runStartedAt >= this.options.minSpeechMs) {
      const startedAt = this.runStartedAt;
      this.disarm();
      return startedAt;
    }
    return null;
  }
}
