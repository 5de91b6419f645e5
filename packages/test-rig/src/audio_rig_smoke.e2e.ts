import { expect, test } from "./fixtures";
import { peakBetween, probeMicLevels, startMicMonitor, stopMicMonitor } from "./mic-probe";
import { encodeWavPcm16 } from "./wav";
import { speakInPage, waitForVoices } from "./web-speech";
import { writeFileSync } from "node:fs";

/**
 * Proves the browser test rig end to end: a page served on 127.0.0.1 in headless Debian
 * Chromium hears espeak-ng speech through the fake microphone (and through the injected one),
 * and Web Speech TTS speaks in real time through speech-dispatcher + the PulseAudio null sink
 * that global-setup started.
 */

const PAGE = "<!doctype html><meta charset=utf-8><title>Parley audio rig</title><p>rig</p>";
const ROUTES = { "/": { body: PAGE, contentType: "text/html" } };
const QUESTION = "What is your refund policy?";
/** Level of speech vs. the dithered silence sox writes (~1.5e-5 RMS). */
const SPEECH_RMS = 0.02;
const SILENCE_RMS = 0.002;

test("the fake microphone delivers espeak-ng speech to getUserMedia", async ({
  serve,
  speech,
  micPage,
}) => {
  const site = await serve({ routes: ROUTES });
  const question = await speech(QUESTION);
  const { page, clip } = await micPage(question);
  await page.goto(site.url("/"));
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  const levels = await probeMicLevels(page, { durationMs: clip.voicedEndMs + 1_000 });
  expect(levels.trackLabel).not.toBe("");
  expect(levels.peakRms).toBeGreaterThan(SPEECH_RMS);
  // The voice arrives when the file says it should (playback starts at getUserMedia) ...
  expect(levels.firstSoundMs).toBeGreaterThan(clip.voicedStartMs - 300);
  expect(levels.firstSoundMs).toBeLessThan(clip.voicedStartMs + 1_000);
  // ... and lasts about as long as it does in the file: all of it came through.
  const voicedInClip = clip.voicedEndMs - clip.voicedStartMs;
  expect(levels.voicedMs).toBeGreaterThan(voicedInClip * 0.6);
  expect(levels.voicedMs).toBeLessThan(voicedInClip * 1.5 + 300);
});

test("a silent file gives a silent microphone (the energy check can fail)", async ({
  serve,
  micPage,
}, testInfo) => {
  const silence = testInfo.outputPath("silence-3s-16k.wav");
  writeFileSync(silence, encodeWavPcm16(new Float32Array(48_000), 16_000));
  const site = await serve({ routes: ROUTES });
  const { page } = await micPage(silence);
  await page.goto(site.url("/"));
  const levels = await probeMicLevels(page, { durationMs: 3_000 });
  expect(levels.trackLabel).not.toBe("");
  expect(levels.peakRms).toBeLessThan(SILENCE_RMS);
  expect(levels.firstSoundMs).toBeUndefined();
});

test("the injected microphone plays each utterance when the test says so", async ({
  serve,
  speech,
  injectedMicPage,
}) => {
  const site = await serve({ routes: ROUTES });
  const first = await speech(QUESTION);
  const second = await speech("Yes, please email it to me.");
  const { page, mic } = await injectedMicPage();
  await page.goto(site.url("/"));
  await startMicMonitor(page);

  await page.waitForTimeout(500); // a quiet room before the visitor speaks
  const one = await mic.say(first);
  await page.waitForTimeout(800); // e.g. the agent answering
  const two = await mic.say(second);
  const levels = await stopMicMonitor(page);

  expect(one.durationMs).toBeCloseTo(first.durationMs, -1);
  expect(peakBetween(levels, 0, one.startedAt)).toBeLessThan(SILENCE_RMS);
  expect(peakBetween(levels, one.startedAt, one.endedAt)).toBeGreaterThan(SPEECH_RMS);
  // Between turns the stream carries silence: nothing leaks or loops.
  expect(peakBetween(levels, one.endedAt + 100, two.startedAt)).toBeLessThan(SILENCE_RMS);
  expect(peakBetween(levels, two.startedAt, two.endedAt)).toBeGreaterThan(SPEECH_RMS);
});

test("speechSynthesis speaks in real time and cancel() interrupts it", async ({
  page,
  serve,
  speech,
}) => {
  const site = await serve({ routes: ROUTES });
  await page.goto(site.url("/"));
  const loadedAt = Date.now();
  const voices = await waitForVoices(page);
  const voicesAfterMs = Date.now() - loadedAt;
  expect(voices.some((name) => name.includes("espeak-ng"))).toBe(true);

  const sentence = "Our refund policy allows returns within thirty days of delivery.";
  const spoken = await speakInPage(page, sentence);
  expect(spoken.outcome).toBe("end");
  expect(spoken.events).toEqual(["start", "end"]);
  // Real-time pacing: about as long as espeak-ng's own rendering of it (same engine; 170 wpm is
  // speech-dispatcher's EspeakNormalRate, what rate 1 maps to). Measured 1.2–1.5× the WAV
  // (audio buffering on top); the ALSA-null alternative ends after ~70 ms, far below 0.6×.
  const reference = await speech(sentence, {
    wordsPerMinute: 170,
    leadingSilenceMs: 0,
    trailingSilenceMs: 0,
  });
  const timing =
    `${voices.length} voices after ${voicesAfterMs} ms; "${spoken.voice}" spoke for ` +
    `${Math.round(spoken.durationMs)} ms (the WAV lasts ${Math.round(reference.durationMs)} ms), ` +
    `onstart after ${Math.round(spoken.startLatencyMs)} ms`;
  console.log(`[audio rig] ${timing}`);
  test.info().annotations.push({ type: "tts", description: timing });
  expect(spoken.durationMs).toBeGreaterThan(reference.durationMs * 0.6);
  expect(spoken.durationMs).toBeLessThan(reference.durationMs * 2 + 500);

  const interrupted = await speakInPage(page, `${sentence} ${sentence}`, { cancelAfterMs: 400 });
  expect(interrupted.outcome).toBe("interrupted");
  expect(interrupted.events).toEqual(["start", "error:interrupted"]);
  expect(interrupted.durationMs).toBeLessThan(reference.durationMs);
});
