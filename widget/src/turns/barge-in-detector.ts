/**
 * Decides, frame by frame, whether the visitor started talking over the agent. Only armed while
 * the agent speaks.
 *
 * It looks at a short window of Silero frames (~96 ms) and fires when every frame in it is loud
 * enough to be the visitor, none is clearly silence, and their mean speech probability is
 * confident. A window instead of "N consecutive frames above a high bar" because Silero scores
 * the first syllables after a long silence unevenly: measured in Chromium on the same espeak-ng
 * "Wait, I have…" clip, the onset frames came out 0.83 0.86 0.85 in one run and 0.35 0.78 0.78
 * 0.56 in another, so a 0.7-for-3-frames rule missed the first word one time in six and stopped
 * the agent ~900 ms late, at the second word. Faint echo residue is kept out by the level floor,
 * isolated spikes by the per-frame floor.
 */
export interface BargeInOptions {
  /** Mean speech probability the window needs while the agent speaks. */
  threshold: number;
  /** No frame in the window may score below this (a dip this low is a gap, not speech). */
  floor: number;
  /** Length of the window; ~3 Silero v5 frames (32 ms each). */
  windowMs: number;
  /** Frames quieter than this input level are never speech (echo residue after AEC). */
  minLevel: number;
}

export const DEFAULT_BARGE_IN: BargeInOptions = {
  threshold: 0.6,
  floor: 0.35,
  windowMs: 90,
  minLevel: 0.01,
};

interface Frame {
  probability: number;
  level: number;
  /** When the frame ended (ms). */
  at: number;
}

export class BargeInDetector {
  private armed = false;
  private window: Frame[] = [];

  constructor(private readonly options: BargeInOptions = DEFAULT_BARGE_IN) {}

  /**
   * Start watching. Arming again while armed keeps the frames already seen: a streamed answer
   * arms once per sentence, and the visitor may already be mid-word when the next one starts.
   */
  arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.window = [];
  }

  disarm(): void {
    this.armed = false;
    this.window = [];
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
    const { threshold, floor, windowMs, minLevel } = this.options;
    if (probability < floor || level < minLevel) {
      this.window = [];
      return null;
    }
    this.window.push({ probability, level, at });
    const needed = Math.max(1, Math.ceil(windowMs / frameMs));
    if (this.window.length > needed) this.window.shift();
    if (this.window.length < needed) return null;
    const mean = this.window.reduce((sum, f) => sum + f.probability, 0) / this.window.length;
    if (mean < threshold) return null;
    const startedAt = this.window[0]!.at - frameMs;
    this.disarm();
    return startedAt;
  }
}
