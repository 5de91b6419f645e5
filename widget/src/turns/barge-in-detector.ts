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
 * the agent ~900 ms late, at the second word. Two clearly-speech frames in a row are enough on
 * their own: a word that starts unvoiced ("Sorry") scores 0 until its vowel, which leaves less
 * of the 300 ms budget. Faint echo residue is kept out by the level floor, isolated spikes by the
 * per-frame floor.
 */
export interface BargeInOptions {
  /** Mean speech probability the window needs while the agent speaks. */
  threshold: number;
  /** No frame in the window may score below this (a dip this low is a gap, not speech). */
  floor: number;
  /** Length of the window; ~3 Silero v5 frames (32 ms each). */
  windowMs: number;
  /** A shorter window (~2 frames) fires early when its mean reaches `clearThreshold`. */
  clearWindowMs: number;
  clearThreshold: number;
  /** Frames quieter than this input level are never speech (echo residue after AEC). */
  minLevel: number;
}

export const DEFAULT_BARGE_IN: BargeInOptions = {
  threshold: 0.6,
  floor: 0.35,
  windowMs: 90,
  clearWindowMs: 60,
  clearThreshold: 0.8,
  minLevel: 0.01,
};

interface Frame {
  probability: number;
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
    const { threshold, floor, windowMs, clearWindowMs, clearThreshold, minLevel } = this.options;
    if (probability < floor || level < minLevel) {
      this.window = [];
      return null;
    }
    this.window.push({ probability, at }); // loud enough: quieter frames reset the window
    const frames = (ms: number) => Math.max(1, Math.ceil(ms / frameMs));
    const needed = frames(windowMs);
    if (this.window.length > needed) this.window.shift();
    const clear = this.meanOfLast(frames(clearWindowMs)) >= clearThreshold;
    if (!clear && this.meanOfLast(needed) < threshold) return null;
    // The oldest frame kept is where this stretch of speech began (or ~96 ms before now).
    const startedAt = this.window[0]!.at - frameMs;
    this.disarm();
    return startedAt;
  }

  /** Mean probability of the last `n` frames, or -1 while fewer have been seen. */
  private meanOfLast(n: number): number {
    if (this.window.length < n) return -1;
    const last = this.window.slice(-n);
    return last.reduce((sum, f) => sum + f.probability, 0) / n;
  }
}
