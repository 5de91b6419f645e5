import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BASE_CHROMIUM_ARGS, chromiumLaunchOptions } from "./chromium";
import { encodeWavPcm16 } from "./wav";

let dir: string;
let wav: string;
const savedEnv = { ...process.env };

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "parley-launch-"));
  wav = path.join(dir, "hello.wav");
  writeFileSync(wav, encodeWavPcm16(new Float32Array(800), 16_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  for (const key of ["PULSE_SERVER", "SPEECHD_ADDRESS", "PARLEY_CHROMIUM"]) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe("chromiumLaunchOptions", () => {
  it("uses Debian's Chromium with the project's flags and speech-dispatcher", () => {
    delete process.env.PARLEY_CHROMIUM;
    const options = chromiumLaunchOptions();
    expect(options.executablePath).toBe("/usr/bin/chromium");
    for (const flag of [
      "--no-sandbox",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--enable-speech-dispatcher",
    ]) {
      expect(options.args).toContain(flag);
    }
    expect(options.args?.some((a) => a.startsWith("--use-file-for-fake-audio-capture"))).toBe(
      false,
    );
  });

  it("plays a checked WAV once through the fake microphone", () => {
    const args = chromiumLaunchOptions({ fakeMicWav: wav }).args ?? [];
    expect(args).toContain("--use-fake-ui-for-media-stream");
    expect(args).toContain("--use-fake-device-for-media-stream");
    expect(args).toContain(`--use-file-for-fake-audio-capture=${wav}%noloop`);
    const looped = chromiumLaunchOptions({ fakeMicWav: wav, loopFakeMic: true }).args ?? [];
    expect(looped).toContain(`--use-file-for-fake-audio-capture=${wav}`);
  });

  it("makes a relative WAV path absolute", () => {
    const relative = path.relative(process.cwd(), wav);
    const args = chromiumLaunchOptions({ fakeMicWav: relative }).args ?? [];
    expect(args).toContain(`--use-file-for-fake-audio-capture=${wav}%noloop`);
  });

  it("refuses a missing or non-WAV file instead of letting Chromium play silence", () => {
    const missing = path.join(dir, "missing.wav");
    expect(() => chromiumLaunchOptions({ fakeMicWav: missing })).toThrow(
      /cannot use .*missing\.wav/,
    );
    const notWav = path.join(dir, "speech.mp3");
    writeFileSync(notWav, "ID3 not a wav");
    expect(() => chromiumLaunchOptions({ fakeMicWav: notWav })).toThrow(/not a usable WAV/);
    const empty = path.join(dir, "empty.wav");
    writeFileSync(empty, encodeWavPcm16([], 16_000));
    expect(() => chromiumLaunchOptions({ fakeMicWav: empty })).toThrow(/no samples/);
    expect(() => chromiumLaunchOptions({ fakeMicWav: dir })).toThrow(/not a regular file/);
  });

  it("adds WebGPU, fake media without a file, and extra flags last", () => {
    const args =
      chromiumLaunchOptions({ webgpu: true, fakeMedia: true, args: ["--lang=en-US"] }).args ?? [];
    expect(args).toContain("--enable-unsafe-webgpu");
    expect(args).toContain("--use-fake-device-for-media-stream");
    expect(args.at(-1)).toBe("--lang=en-US");
    expect(args.slice(0, BASE_CHROMIUM_ARGS.length)).toEqual(BASE_CHROMIUM_ARGS);
  });

  it("passes the audio rig's environment to the browser only when it is running", () => {
    delete process.env.PULSE_SERVER;
    delete process.env.SPEECHD_ADDRESS;
    expect(chromiumLaunchOptions().env).toBeUndefined();
    process.env.PULSE_SERVER = "unix:/tmp/rig/pulse.sock";
    process.env.SPEECHD_ADDRESS = "unix_socket:/tmp/rig/speechd.sock";
    const env = chromiumLaunchOptions({ env: { LANG: "en_US.UTF-8" } }).env ?? {};
    expect(env.PULSE_SERVER).toBe("unix:/tmp/rig/pulse.sock");
    expect(env.SPEECHD_ADDRESS).toBe("unix_socket:/tmp/rig/speechd.sock");
    expect(env.LANG).toBe("en_US.UTF-8");
    expect(env.PATH).toBe(process.env.PATH); // Playwright replaces the env: keep the rest
  });

  it("honours PARLEY_CHROMIUM", () => {
    process.env.PARLEY_CHROMIUM = "/opt/chromium/chrome";
    expect(chromiumLaunchOptions().executablePath).toBe("/opt/chromium/chrome");
  });
});
