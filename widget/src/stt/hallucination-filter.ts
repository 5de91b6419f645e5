/**
 * Whisper invents text on silence and noise ("Thank you for watching!", "[BLANK_AUDIO]", a
 * phrase repeated until the window ends). Two guards keep that away from the dialogue core:
 * an energy gate before transcription (silence is never sent to Whisper) and this text filter
 * after it. The filter removes annotations, drops the well-known phantom phrases and collapses
 * loops; what remains is what the visitor plausibly said, or null.
 */

/** Phrases Whisper produces from silence or music, never something a caller says to support. */
const PHANTOM_PHRASES = [
  /thanks? (you )?for watching/,
  /please subscribe/,
  /like and subscribe/,
  /subtitles? (by|created|provided)/,
  /amara\.org/,
  /transcribed by/,
  /transcription by/,
  /www\.[a-z]+\.(com|org)/,
  /see you (in the )?next (video|time)/,
  /^(you|so|uh|um|hmm|mm|oh|ah|bye)$/,
  /^thank you\.?$/,
];

/** Text in brackets/parentheses/asterisks is Whisper's sound annotation, not speech. */
const ANNOTATION = /\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪+|♫+/g;

export interface SegmentStats {
  /** Length of the audio segment, ms. */
  durationMs: number;
  /** Root mean square of the samples (0..1). */
  rms: number;
}

export interface FilterOptions {
  /** "Thank you." alone is a phantom on short, quiet audio but real at the end of a call. */
  keepShortThanksAboveRms?: number;
}

/** Remove annotations, phantom phrases and repetition loops; null when nothing real remains. */
export function filterTranscript(
  raw: string,
  stats?: SegmentStats,
  options: FilterOptions = {},
): string | null {
  let text = raw.replace(ANNOTATION, " ").replace(/\s+/g, " ").trim();
  text = collapseRepeats(text);
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  const normal = text
    .toLowerCase()
    .replace(/[!?,"“”]/g, "")
    .replace(/\.$/, "")
    .trim();
  for (const phrase of PHANTOM_PHRASES) {
    if (!phrase.test(normal)) continue;
    const isThanks = /^thank you\.?$/.test(normal);
    const loudEnough =
      stats && stats.rms >= (options.keepShortThanksAboveRms ?? 0.02) && stats.durationMs >= 500;
    if (isThanks && loudEnough) return text; // a visitor really saying "Thank you."
    return null;
  }
  return text;
}

/** "Refund. Refund. Refund. Refund." → "Refund." (a decoder loop, not the visitor). */
export function collapseRepeats(text: string): string {
  // Repeated sentence-sized phrases (3+ times in a row).
  const collapsed = text.replace(/(\b.{2,80}?[.!?,]?)(?:\s*\1){2,}/gi, "$1");
  return collapsed.trim();
}

/** RMS of the samples: the energy gate's measure. */
export function rootMeanSquare(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** Below this RMS (about -46 dBFS) a segment is treated as silence and never transcribed. */
export const SILENCE_RMS = 0.005;

export function segmentStats(samples: Float32Array, sampleRate = 16000): SegmentStats {
  return { durationMs: (samples.length / sampleRate) * 1000, rms: rootMeanSquare(samples) };
}
