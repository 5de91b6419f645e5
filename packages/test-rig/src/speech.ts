import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { requireExecutable } from "./processes";
import { rigCacheDir } from "./repo-paths";
import { decodeWavMono, voicedSpanMs } from "./wav";

/**
 * Test speech: real spoken audio for the voice pipeline (fake microphone, injected mic),
 * synthesised with espeak-ng and shaped with sox (16 kHz mono int16 — what Whisper and the
 * VAD want — with silence around it so VAD sees a clean start and end). Files are cached
 * under the repo's gitignored .cache/ by a hash of everything that shapes them.
 */

const execFileAsync = promisify(execFile);

/** Bump when the recipe below changes, so stale cached files are not reused. */
const RECIPE_VERSION = 1;
const MAX_TEXT_LENGTH = 2_000;

export interface SpeechOptions {
  /** espeak-ng voice (`espeak-ng --voices`), default "en-us". */
  voice?: string;
  /** Speaking rate in words per minute (espeak-ng -s), default 175 (espeak-ng's own default). */
  wordsPerMinute?: number;
  /** Pitch 0–99 (espeak-ng -p), default 50. */
  pitch?: number;
  /** Output sample rate in Hz, default 16000. */
  sampleRate?: number;
  /** Silence before the speech, default 300 ms. */
  leadingSilenceMs?: number;
  /** Silence after the speech, default 700 ms (longer than a VAD's end-of-speech pause). */
  trailingSilenceMs?: number;
}

/**
 * The visitor voice the spoken tests use where Whisper base must hear the words: espeak-ng's
 * Received Pronunciation at 150 wpm. Measured with `tsx widget/e2e/whisper-hears.ts`: the default
 * en-us voice at 175 wpm is heard as "Send me your product, catalog on what's out" and "…with
 * sales for SAP IV 2.0", RP mostly as the words written.
 */
export const SCREENED_VISITOR_VOICE = { voice: "en-gb-x-rp", wordsPerMinute: 150 } as const;

export interface SpeechClip {
  /** Absolute path of the WAV (16-bit PCM, mono). */
  path: string;
  text: string;
  sampleRate: number;
  durationMs: number;
  /** Where the voice is inside the file (after the leading silence). */
  voicedStartMs: number;
  voicedEndMs: number;
}

export class SpeechSynthesisError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(`test speech: ${message}`);
    this.name = "SpeechSynthesisError";
    this.retryable = retryable;
  }
}

interface ResolvedOptions {
  voice: string;
  wordsPerMinute: number;
  pitch: number;
  sampleRate: number;
  leadingSilenceMs: number;
  trailingSilenceMs: number;
}

function resolveOptions(text: string, options: SpeechOptions): ResolvedOptions {
  if (text.trim().length === 0) throw new SpeechSynthesisError("text is empty", false);
  if (text.length > MAX_TEXT_LENGTH) {
    throw new SpeechSynthesisError(`text longer than ${MAX_TEXT_LENGTH} characters`, false);
  }
  const resolved: ResolvedOptions = {
    voice: options.voice ?? "en-us",
    wordsPerMinute: options.wordsPerMinute ?? 175,
    pitch: options.pitch ?? 50,
    sampleRate: options.sampleRate ?? 16_000,
    leadingSilenceMs: options.leadingSilenceMs ?? 300,
    trailingSilenceMs: options.trailingSilenceMs ?? 700,
  };
  if (!/^[A-Za-z0-9_+\-/]+$/.test(resolved.voice)) {
    throw new SpeechSynthesisError(`bad voice name ${JSON.stringify(resolved.voice)}`, false);
  }
  const ranges: [keyof ResolvedOptions, number, number][] = [
    ["wordsPerMinute", 80, 450],
    ["pitch", 0, 99],
    ["sampleRate", 8_000, 48_000],
    ["leadingSilenceMs", 0, 60_000],
    ["trailingSilenceMs", 0, 60_000],
  ];
  for (const [key, min, max] of ranges) {
    const value = resolved[key] as number;
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new SpeechSynthesisError(`${key} must be within ${min}..${max}, got ${value}`, false);
    }
  }
  return resolved;
}

let espeakVersion: Promise<string> | undefined;
function espeakNgVersion(): Promise<string> {
  espeakVersion ??= execFileAsync(requireExecutable("espeak-ng", "espeak-ng"), ["--version"]).then(
    (r) => r.stdout.trim(),
  );
  return espeakVersion;
}

/** Cache key: everything that shapes the audio, including the engine's version. */
export function speechCacheKey(text: string, options: ResolvedOptions, engine: string): string {
  return createHash("sha256")
    .update(JSON.stringify({ recipe: RECIPE_VERSION, engine, text, ...options }))
    .digest("hex")
    .slice(0, 32);
}

/**
 * Speaks `text` with espeak-ng into a cached WAV and describes it. The same text and options
 * give the same file (made once; concurrent workers may race, the rename keeps it whole).
 */
export async function synthesizeSpeech(
  text: string,
  options: SpeechOptions = {},
): Promise<SpeechClip> {
  const resolved = resolveOptions(text, options);
  const espeak = requireExecutable("espeak-ng", "espeak-ng");
  const sox = requireExecutable("sox", "sox");
  const key = speechCacheKey(text, resolved, await espeakNgVersion());
  const dir = rigCacheDir("speech");
  const file = path.join(dir, `${key}.wav`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const unique = `${key}.${process.pid}.${Date.now()}`;
    const raw = path.join(dir, `${unique}.raw.wav`);
    const shaped = path.join(dir, `${unique}.tmp.wav`);
    try {
      await runWithStdin(
        espeak,
        [
          "--stdin",
          "-v",
          resolved.voice,
          "-s",
          String(resolved.wordsPerMinute),
          "-p",
          String(resolved.pitch),
          "-w",
          raw,
        ],
        text,
      );
      await execFileAsync(sox, [
        raw,
        "-r",
        String(resolved.sampleRate),
        "-c",
        "1",
        "-b",
        "16",
        "-e",
        "signed-integer",
        shaped,
        "pad",
        `${resolved.leadingSilenceMs / 1000}`,
        `${resolved.trailingSilenceMs / 1000}`,
      ]);
      describe(shaped, text); // never cache a file we could not use
      renameSync(shaped, file);
    } catch (error) {
      if (error instanceof SpeechSynthesisError) throw error;
      throw new SpeechSynthesisError(`could not make "${text}": ${(error as Error).message}`, true);
    } finally {
      rmSync(raw, { force: true });
      rmSync(shaped, { force: true });
    }
  }
  return describe(file, text);
}

/** Convenience: just the absolute path. */
export async function speechWav(text: string, options: SpeechOptions = {}): Promise<string> {
  return (await synthesizeSpeech(text, options)).path;
}

function describe(file: string, text: string): SpeechClip {
  const { info, samples } = decodeWavMono(readFileSync(file));
  const span = voicedSpanMs(samples, info.sampleRate);
  if (!span) throw new SpeechSynthesisError(`espeak-ng produced silence for "${text}"`, false);
  return {
    path: file,
    text,
    sampleRate: info.sampleRate,
    durationMs: info.durationMs,
    voicedStartMs: span.startMs,
    voicedEndMs: span.endMs,
  };
}

function runWithStdin(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} exited ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(input);
  });
}
