import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { LaunchOptions } from "@playwright/test";
import { parseWavHeader, WavFormatError } from "./wav";

/** Debian's Chromium: browsers are never downloaded here. PARLEY_CHROMIUM overrides it. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags every Parley browser test runs with (DESIGN.md, "Facts about these machines"). */
export const BASE_CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Web Speech TTS goes through speech-dispatcher; without this flag there are no voices.
  "--enable-speech-dispatcher",
];

/** Environment variables the audio rig (global-setup) exports for browsers to inherit. */
export const AUDIO_RIG_ENV_KEYS = ["PULSE_SERVER", "SPEECHD_ADDRESS"] as const;

export interface ChromiumRigOptions {
  /**
   * A WAV file the fake microphone plays, from the moment the page calls getUserMedia.
   * Checked before launch: Chromium plays silence, without any error, for a wrong path.
   */
  fakeMicWav?: string;
  /** Loop the fake microphone file instead of playing it once (default: once). */
  loopFakeMic?: boolean;
  /**
   * Grant getUserMedia without a prompt and use Chromium's fake devices even without a WAV
   * (then the fake microphone plays a beep). Implied by fakeMicWav.
   */
  fakeMedia?: boolean;
  /** Expose WebGPU (headless: a SwiftShader adapter, enough to test detection/fallbacks). */
  webgpu?: boolean;
  /** More Chromium flags, appended last. */
  args?: string[];
  /** Extra environment for the browser process (on top of the inherited one). */
  env?: Record<string, string>;
}

/** Fails loudly now rather than letting Chromium play silence later. */
export function assertPlayableWav(file: string): string {
  const absolute = path.resolve(file);
  if (absolute.includes("%")) {
    throw new Error(`fake microphone: "%" in ${absolute} would be read as a Chromium option`);
  }
  let bytes: Uint8Array;
  try {
    if (!statSync(absolute).isFile()) throw new Error("not a regular file");
    bytes = readFileSync(absolute);
  } catch (error) {
    throw new Error(`fake microphone: cannot use ${absolute}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    if (parseWavHeader(bytes).frames === 0) throw new WavFormatError("no samples");
  } catch (error) {
    throw new Error(`fake microphone: ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  return absolute;
}

/** Chromium flags for the fake microphone/camera (see ChromiumRigOptions.fakeMicWav). */
export function fakeMicArgs(wavPath: string, loop = false): string[] {
  const absolute = assertPlayableWav(wavPath);
  return [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${absolute}${loop ? "" : "%noloop"}`,
  ];
}

/**
 * Playwright launch options for Debian's Chromium with Parley's flags, the audio rig's
 * environment when global-setup has started it, and optionally a fake microphone and WebGPU.
 */
export function chromiumLaunchOptions(options: ChromiumRigOptions = {}): LaunchOptions {
  const args = [...BASE_CHROMIUM_ARGS];
  if (options.fakeMicWav !== undefined) {
    args.push(...fakeMicArgs(options.fakeMicWav, options.loopFakeMic));
  } else if (options.fakeMedia) {
    args.push("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
  }
  if (options.webgpu) args.push("--enable-unsafe-webgpu");
  args.push(...(options.args ?? []));

  const launch: LaunchOptions = {
    executablePath: process.env.PARLEY_CHROMIUM ?? DEFAULT_CHROMIUM_PATH,
    args,
  };
  const rigEnv = audioRigEnv();
  if (Object.keys(rigEnv).length > 0 || options.env) {
    // Playwright replaces (not merges) the environment when `env` is given.
    launch.env = { ...inheritedEnv(), ...rigEnv, ...options.env };
  }
  return launch;
}

/** The audio rig's variables present in this process (set by global-setup). */
export function audioRigEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of AUDIO_RIG_ENV_KEYS) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  return env;
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}
