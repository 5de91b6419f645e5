import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertPlayableWav } from "./chromium";
import { rigCacheDir } from "./repo-paths";
import { decodeWavMono, prependSilence, voicedSpanMs } from "./wav";

/**
 * Chromium's file-backed fake microphone loses its first second or so when the machine is
 * busy: measured on the 2-core box with both cores loaded, a clip with 300 ms of leading
 * silence arrived cut or entirely silent in 6 of 10 launches, while the same clip with 2 s of
 * leading silence arrived whole in 10 of 10 (speech at 1.9–2.0 s after getUserMedia). So the
 * fake-mic path pads every file to at least this much silence before the voice.
 */
export const FAKE_MIC_MIN_LEADING_SILENCE_MS = 2_000;

export interface FakeMicClip {
  /** Absolute path of the file Chromium plays (the original, or a padded cached copy). */
  path: string;
  durationMs: number;
  /** Where the voice is, from the start of playback (≈ when getUserMedia resolves). */
  voicedStartMs: number;
  voicedEndMs: number;
}

/** Returns a WAV with enough leading silence for the fake microphone (see above). */
export function prepareFakeMicWav(
  wavPath: string,
  minLeadingSilenceMs = FAKE_MIC_MIN_LEADING_SILENCE_MS,
): FakeMicClip {
  const source = assertPlayableWav(wavPath);
  const bytes = readFileSync(source);
  const { info, samples } = decodeWavMono(bytes);
  const span = voicedSpanMs(samples, info.sampleRate) ?? {
    startMs: info.durationMs,
    endMs: info.durationMs,
  };
  const padMs = Math.max(0, Math.ceil(minLeadingSilenceMs - span.startMs));
  if (padMs === 0) {
    return {
      path: source,
      durationMs: info.durationMs,
      voicedStartMs: span.startMs,
      voicedEndMs: span.endMs,
    };
  }
  const key = createHash("sha256").update(bytes).update(`lead+${padMs}`).digest("hex").slice(0, 32);
  const dir = rigCacheDir("fake-mic");
  const file = path.join(dir, `${key}.wav`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, prependSilence(bytes, padMs));
    renameSync(temp, file);
  }
  return {
    path: file,
    durationMs: info.durationMs + padMs,
    voicedStartMs: span.startMs + padMs,
    voicedEndMs: span.endMs + padMs,
  };
}
