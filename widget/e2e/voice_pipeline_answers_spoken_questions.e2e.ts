import { writeFileSync } from "node:fs";
import { test, expect } from "../../packages/test-rig/src/fixtures";
import {
  SCREENED_VISITOR_VOICE,
  type SpeechClip,
  type SpeechOptions,
} from "../../packages/test-rig/src/speech";
import { encodeWavPcm16 } from "../../packages/test-rig/src/wav";
import type { Page, TestInfo } from "@playwright/test";
import { startHarness, type Harness } from "./pipeline-harness";

/**
 * The voice pipeline end to end in headless Chromium: espeak-ng speech played into the page's
 * microphone → Silero VAD → Whisper base (WASM) → USE-lite retrieval over the TechCorp index →
 * Lite brain and dialogue core → Web Speech TTS (speech-dispatcher) → a real relay.
 * Loading Whisper on 2 CPU cores dominates, so the spoken flows share one page and one load.
 */

let harness: Harness;
test.beforeAll(async () => {
  harness = await startHarness();
});
test.afterAll(async () => {
  await harness?.close();
});

/**
 * The visitor's voice: the rig's screened RP voice. Whisper base is brittle on synthetic speech
 * (the same segment came out "product, cat, a log" in the page and "product catalog" from its
 * saved WAV), so the utterances below are phrasings it heard right at 140, 155 and 170 wpm.
 */
const VISITOR_VOICE = SCREENED_VISITOR_VOICE;

type Entry = { event: string; payload: Record<string, unknown>; t: number };

async function nextEvent(
  page: Page,
  event: string,
  after: number,
  predicate = "true",
  timeout = 90_000,
): Promise<Entry> {
  const handle = await page.waitForFunction(
    ([e, p, from]) => {
      const match = (window.parleyTest.log as unknown as Entry[])
        .slice(from)
        .find(
          (entry) =>
            entry.event === e &&
            (new Function("payload", `return ${p}`) as (x: unknown) => boolean)(entry.payload),
        );
      return match ?? null;
    },
    [event, predicate, after] as const,
    { timeout, polling: 100 },
  );
  const entry = (await handle.jsonValue()) as Entry;
  if (event === "turn") {
    console.log(
      `turn: heard ${JSON.stringify(entry.payload.userText)} → ${JSON.stringify(entry.payload.agentText)} ${JSON.stringify(entry.payload.actions)}`,
    );
  }
  return entry;
}

/**
 * What the VAD handed to Whisper for the last utterance, beside the clip that was played: a
 * segment much shorter than the clip's voiced span means audio was lost before STT. The segment
 * is saved as a WAV in the test's output folder, to listen to when a transcript is wrong.
 */
async function reportSegment(page: Page, clip: SpeechClip, testInfo: TestInfo): Promise<void> {
  const segment = await page.evaluate(() => {
    const last = window.parleyTest.segments.at(-1);
    return last ? { ...last, audio: Array.from(last.audio) } : null;
  });
  if (!segment) {
    console.log(`segment: none for ${JSON.stringify(clip.text)}`);
    return;
  }
  const voicedMs = clip.voicedEndMs - clip.voicedStartMs;
  console.log(
    `segment #${segment.id}: ${segment.durationMs.toFixed(0)} ms handed to Whisper for a ${voicedMs.toFixed(0)} ms voiced span (${JSON.stringify(clip.text)}) → ${JSON.stringify(segment.text ?? null)} in ${segment.sttMs?.toFixed(0) ?? "?"} ms`,
  );
  const file = testInfo.outputPath(`segment-${segment.id}.wav`);
  writeFileSync(file, encodeWavPcm16(segment.audio, 16000));
}

const logLength = (page: Page) => page.evaluate(() => window.parleyTest.log.length);
const spokenEnds = (page: Page) =>
  page.evaluate(() =>
    window.parleyTest.speech
      .filter((s) => s.type === "end")
      .map((s) => s.text)
      .join(" "),
  );

async function waitUntilListening(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (from) =>
      window.parleyTest.agent?.state === "listening" && window.parleyTest.log.length >= from,
    after,
    { timeout: 120_000, polling: 100 },
  );
}

// Whisper base hears espeak-ng digits differently from run to run on this 2-core box (a clean CI
// run heard "98765 43210" as "28,76543,210" once after two runs heard it right); the visitor
// repeats a number the agent could not use, and a run that still fails is tried once more, which
// Playwright reports as flaky instead of passing it silently.
test.describe.configure({ retries: 1 });

test("spoken conversations: refund answer, Salesforce escalation offer, WhatsApp catalog, greeting, barge-in", async ({
  injectedMicPage,
  speech: espeak,
}, testInfo) => {
  const speech = (text: string, options: SpeechOptions = {}) =>
    espeak(text, { ...VISITOR_VOICE, ...options });
  test.setTimeout(400_000);
  const { page, mic } = await injectedMicPage({ patchGetUserMedia: false });
  await page.goto(harness.site.url("/"));
  await page.evaluate(
    (options) => window.parleyTest.start({ ...options, injectedMic: true } as never),
    harness.agentOptions,
  );

  // Proactive greeting after 2 s of silence.
  const greeting = await nextEvent(page, "caption", 0, "payload.speaker === 'agent'", 180_000);
  expect(greeting.payload.text).toBe(
    "Hello, I'm the AI support agent of TechCorp. How can I help you today?",
  );
  await expect
    .poll(() => spokenEnds(page), { timeout: 30_000 })
    .toContain("How can I help you today?");
  await waitUntilListening(page, 0);
  console.log(
    `whisper loaded: ${JSON.stringify(await page.evaluate(() => window.parleyTest.sttLoaded))}`,
  );

  // 1. Refund policy: spoken answer with the guarantee, recorded by the relay.
  let from = await logLength(page);
  const refundClip = await speech("What is your refund policy?");
  await mic.say(refundClip);
  const refund = await nextEvent(page, "turn", from, "payload.userText !== null");
  await reportSegment(page, refundClip, testInfo);
  expect(String(refund.payload.userText).toLowerCase()).toContain("refund");
  // Soft: the wording is the dialogue core's; the flows below still run and report when it differs.
  expect.soft(String(refund.payload.agentText)).toMatch(/30-day money-back guarantee/i);
  await expect.poll(() => spokenEnds(page), { timeout: 60_000 }).toMatch(/refund/i);
  await expect.soft
    .poll(() => spokenEnds(page), { timeout: 5_000 })
    .toMatch(/30-day money-back guarantee/i);
  const refundTimings = await nextEvent(page, "timings", from);
  const t = refundTimings.payload.timings as Record<string, number>;
  expect(t.voice_to_voice_ms).toBeGreaterThan(0);
  expect(t.stt_ms).toBeGreaterThan(0);
  await expect
    .poll(
      async () =>
        (await harness.messages()).find(
          (m) => m.speaker === "agent" && /refund/i.test(m.text ?? ""),
        ),
      { timeout: 15_000 },
    )
    .toMatchObject({ intent: "policy_query", usedKnowledge: true });
  console.log(`refund turn timings: ${JSON.stringify(t)}`);
  await waitUntilListening(page, from);

  // 2. Out-of-knowledge question: no guess, an offer to connect a specialist.
  from = await logLength(page);
  const salesforceClip = await speech("Do you have integration with Salesforce API v2.0?");
  await mic.say(salesforceClip);
  const salesforce = await nextEvent(page, "turn", from, "payload.userText !== null");
  await reportSegment(page, salesforceClip, testInfo);
  expect(String(salesforce.payload.agentText)).toMatch(/specialist|connect you|human|team/i);
  expect(String(salesforce.payload.agentText)).not.toMatch(/30-day/i);
  await waitUntilListening(page, from);

  // 3. WhatsApp catalog: asks for the number, then the relay's outbox holds the message.
  from = await logLength(page);
  const whatsappClip = await speech("Please send me the product catalog on WhatsApp.");
  await mic.say(whatsappClip);
  const ask = await nextEvent(page, "turn", from, "payload.userText !== null");
  await reportSegment(page, whatsappClip, testInfo);
  // Soft from here to the outbox: the barge-in step below runs (and reports) even when they fail.
  expect.soft(String(ask.payload.agentText)).toMatch(/number/i);
  await waitUntilListening(page, from);
  from = await logLength(page);
  // Said in two groups of five, as people give an Indian mobile number: espeak-ng reads an
  // unbroken "9876543210" as "nine billion eight hundred seventy-six million…", which Whisper
  // writes "1,876,543,210" (agent-core's tests cover the written "It's 9876543210"), and its
  // "It's 98765…" came out "78,765…" at 155 wpm; "My number is 98765 43210." was heard right
  // at 140, 155 and 170 wpm (whisper-hears.ts).
  const numberClip = await speech("My number is 98765 43210.");
  await mic.say(numberClip);
  let sent = await nextEvent(page, "turn", from, "payload.userText !== null");
  await reportSegment(page, numberClip, testInfo);
  console.log(
    `number turn: heard ${JSON.stringify(sent.payload.userText)} → ${JSON.stringify(sent.payload.agentText)} ${JSON.stringify(sent.payload.actions)}`,
  );
  // Whisper base sometimes hears espeak-ng's "nine" as "two" or "one" ("28,76543,210"); the agent
  // then says the number is not valid and asks again, and a visitor repeats it, as people do.
  // Twice wrong in a row fails below.
  const actions = (turn: Entry) => (turn.payload.actions as string[] | undefined) ?? [];
  if (!actions(sent).includes("send_whatsapp") && /number/i.test(String(sent.payload.agentText))) {
    await waitUntilListening(page, from);
    from = await logLength(page);
    await mic.say(numberClip);
    sent = await nextEvent(page, "turn", from, "payload.userText !== null");
    await reportSegment(page, numberClip, testInfo);
    console.log(
      `number repeated: heard ${JSON.stringify(sent.payload.userText)} → ${JSON.stringify(sent.payload.agentText)} ${JSON.stringify(sent.payload.actions)}`,
    );
  }
  expect.soft(sent.payload.actions).toContain("send_whatsapp");
  // What the relay answered (status, error code): the outbox check below says only "missing".
  const answered = await nextEvent(
    page,
    "action",
    from,
    "payload.type === 'send_whatsapp'",
    20_000,
  );
  console.log(`relay answered send_whatsapp: ${JSON.stringify(answered.payload)}`);
  await expect.soft
    .poll(async () => (await harness.outbox()).find((row) => row.channel === "whatsapp"), {
      timeout: 20_000,
    })
    .toMatchObject({ recipient: expect.stringContaining("+919876543210"), template: "catalog" });
  await waitUntilListening(page, from);

  // The agent spoke for minutes above while the microphone carried only silence and the end of
  // each visitor clip: none of that counted as an interruption. (The agent's own voice does not
  // reach this injected microphone, so echo is not tested here: see the README's limitation.)
  expect(
    await page.evaluate(() => window.parleyTest.log.filter((e) => e.event === "bargeIn").length),
  ).toBe(0);

  // 4. Barge-in, twice: the visitor speaks while the agent is speaking; TTS stops within 300 ms.
  // The second interruption cuts the answer to the first one ("…about shipping"), so each
  // interrupting word comes after a different stretch of agent speech.
  from = await logLength(page);
  await mic.say(await speech("What is your refund policy?"));
  for (const words of [
    "Wait, I have another question about shipping.",
    "Sorry, one more thing about warranty.",
  ]) {
    await page.waitForFunction(
      (f) =>
        window.parleyTest.agent?.state === "speaking" &&
        window.parleyTest.log.slice(f).some((e) => e.event === "turn"),
      from,
      { timeout: 90_000, polling: 50 },
    );
    from = await logLength(page);
    const speechFrom = await page.evaluate(() => window.parleyTest.speech.length);
    const done = await mic.startSaying(await speech(words, { leadingSilenceMs: 0 }));
    const barge = await nextEvent(page, "bargeIn", from, "true", 30_000);
    const played = await done();
    const onset = played.startedAt; // the clip starts with speech (no leading silence)
    const interrupted = await page.evaluate(
      (i) =>
        window.parleyTest.speech
          .slice(i)
          .find((s) => s.type === "error" && (s.error === "interrupted" || s.error === "canceled")),
      speechFrom,
    );
    // What the detector saw from the onset on (ms after onset: speech probability/level).
    const frames = await page.evaluate(
      (t0) =>
        window.parleyTest.frames
          .filter((f) => f.at > t0 && f.at < t0 + 1000)
          .map((f) => `${(f.at - t0).toFixed(0)}:${f.probability.toFixed(2)}/${f.level.toFixed(2)}`)
          .join(" "),
      onset,
    );
    expect(interrupted, "speechSynthesis reported the interruption").toBeTruthy();
    const stopMs = interrupted!.t - onset;
    console.log(
      `barge-in (${JSON.stringify(words)}): visitor speech onset → TTS interrupted = ${stopMs.toFixed(0)} ms (detector: ${((barge.payload.stoppedAt as number) - onset).toFixed(0)} ms)\n  VAD frames: ${frames}`,
    );
    expect(stopMs).toBeLessThan(300);
    expect(stopMs).toBeGreaterThan(0);
  }
});
