import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareFakeMicWav } from "./fake-mic";
import { SpeechSynthesisError, synthesizeSpeech } from "./speech";
import { parseWavHeader } from "./wav";
import { readFileSync } from "node:fs";

// Real espeak-ng and sox (installed by scripts/setup.mjs), in a private cache folder.
let cache: string;
const saved = process.env.PARLEY_TEST_RIG_CACHE;

beforeAll(() => {
  cache = mkdtempSync(path.join(os.tmpdir(), "parley-speech-"));
  process.env.PARLEY_TEST_RIG_CACHE = cache;
});
afterAll(() => {
  if (saved === undefined) delete process.env.PARLEY_TEST_RIG_CACHE;
  else process.env.PARLEY_TEST_RIG_CACHE = saved;
  rmSync(cache, { recursive: true, force: true });
});

describe("synthesizeSpeech", () => {
  it("makes 16 kHz mono speech with the requested silence around it", async () => {
    const clip = await synthesizeSpeech("What is your refund policy?", {
      leadingSilenceMs: 500,
      trailingSilenceMs: 1_000,
    });
    expect(path.isAbsolute(clip.path)).toBe(true);
    expect(clip.path.startsWith(path.join(cache, "speech"))).toBe(true);
    const info = parseWavHeader(readFileSync(clip.path));
    expect(info).toMatchObject({
      format: "pcm",
      channels: 1,
      sampleRate: 16_000,
      bitsPerSample: 16,
    });
    expect(clip.voicedStartMs).toBeGreaterThanOrEqual(490);
    expect(clip.voicedStartMs).toBeLessThan(700);
    expect(clip.durationMs - clip.voicedEndMs).toBeGreaterThan(900);
    // Five words at espeak-ng's 175 wpm: well over a second, well under three.
    expect(clip.voicedEndMs - clip.voicedStartMs).toBeGreaterThan(1_000);
    expect(clip.voicedEndMs - clip.voicedStartMs).toBeLessThan(3_000);
  });

  it("reuses the cached file for the same text and options, and only then", async () => {
    const first = await synthesizeSpeech("My order number is 12345.");
    const madeAt = statSync(first.path).mtimeMs;
    const again = await synthesizeSpeech("My order number is 12345.");
    expect(again.path).toBe(first.path);
    expect(statSync(again.path).mtimeMs).toBe(madeAt);
    const slower = await synthesizeSpeech("My order number is 12345.", { wordsPerMinute: 120 });
    expect(slower.path).not.toBe(first.path);
    expect(slower.voicedEndMs - slower.voicedStartMs).toBeGreaterThan(
      first.voicedEndMs - first.voicedStartMs,
    );
    const other = await synthesizeSpeech("Call me tomorrow at 10 AM.");
    expect(other.path).not.toBe(first.path);
    // No temporary files left behind.
    expect(
      readdirSync(path.join(cache, "speech")).every((name) => /^[0-9a-f]{32}\.wav$/.test(name)),
    ).toBe(true);
  });

  it("speaks text that looks like an option", async () => {
    const clip = await synthesizeSpeech("-v is not a voice");
    expect(clip.voicedEndMs).toBeGreaterThan(clip.voicedStartMs);
  });

  it.each([
    ["", {}, /empty/],
    ["hello", { voice: "en; rm -rf /" }, /bad voice/],
    ["hello", { wordsPerMinute: 5 }, /wordsPerMinute/],
    ["hello", { sampleRate: 1_000_000 }, /sampleRate/],
    ["x".repeat(2_001), {}, /longer than/],
  ])("refuses bad input %#", async (text, options, message) => {
    const attempt = synthesizeSpeech(text, options);
    await expect(attempt).rejects.toThrow(SpeechSynthesisError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("reports an unknown espeak-ng voice as a failure, caching nothing", async () => {
    await expect(synthesizeSpeech("hello", { voice: "xx-nonexistent" })).rejects.toThrow(
      SpeechSynthesisError,
    );
    expect(
      readdirSync(path.join(cache, "speech")).some((n) => n.includes(".tmp") || n.includes(".raw")),
    ).toBe(false);
  });
});

describe("prepareFakeMicWav", () => {
  it("pads a clip to two seconds of leading silence and leaves a padded one alone", async () => {
    const clip = await synthesizeSpeech("Hello there.", { leadingSilenceMs: 300 });
    const padded = prepareFakeMicWav(clip.path);
    expect(padded.path).not.toBe(clip.path);
    expect(padded.voicedStartMs).toBeGreaterThanOrEqual(2_000);
    expect(padded.voicedStartMs).toBeLessThan(2_050);
    expect(padded.durationMs - padded.voicedEndMs).toBeCloseTo(
      clip.durationMs - clip.voicedEndMs,
      0,
    );
    expect(parseWavHeader(readFileSync(padded.path)).durationMs).toBeCloseTo(padded.durationMs, 0);
    const long = await synthesizeSpeech("Hello there.", { leadingSilenceMs: 2_500 });
    expect(prepareFakeMicWav(long.path).path).toBe(long.path);
  });
});
