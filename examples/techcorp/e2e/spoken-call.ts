/**
 * Driving the TechCorp widget like a visitor: open the panel, talk through the injected
 * microphone, and read back what the visitor saw (captions) and heard (every utterance handed to
 * Web Speech, recorded by an init script that wraps `speechSynthesis.speak`).
 */
import { expect, type Page } from "@playwright/test";
import type { InjectedMic } from "@parley/test-rig";
import { encodeWavPcm16, synthesizeSpeech, type SpeechOptions } from "@parley/test-rig";
import { mkdirSync, writeFileSync } from "node:fs";

export const panel = (page: Page) => page.getByRole("dialog", { name: "TechCorp support" });
export const agentLines = (page: Page) => panel(page).locator("li.agent");
export const visitorLines = (page: Page) => panel(page).locator("li.visitor");
export const statusOf = (page: Page) => panel(page).getByRole("status");

export interface HeardUtterance {
  text: string;
  /** performance.now() when the widget asked Web Speech to say it. */
  requestedAt: number;
  endedAt: number | null;
}

declare global {
  interface Window {
    __heard?: HeardUtterance[];
  }
}

/** Records what the visitor hears. Add before the page loads. */
export async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const heard: HeardUtterance[] = [];
    window.__heard = heard;
    const synth = window.speechSynthesis;
    if (!synth) return;
    const speak = synth.speak.bind(synth);
    synth.speak = (utterance: SpeechSynthesisUtterance) => {
      const entry: HeardUtterance = {
        text: utterance.text,
        requestedAt: performance.now(),
        endedAt: null,
      };
      heard.push(entry);
      utterance.addEventListener("end", () => (entry.endedAt = performance.now()));
      speak(utterance);
    };
  });
}

/**
 * Records every audio segment the widget hands to its Whisper worker (a `transcribe` message),
 * so a wrong transcript can be told apart: audio lost or cut on the way (a segment much shorter
 * than the clip, or with holes) versus Whisper mishearing what it got. Add before the page loads.
 */
export async function recordSegments(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const segments: Float32Array[] = [];
    (window as unknown as { __segments: Float32Array[] }).__segments = segments;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: never[]) {
      const m = message as { type?: string; audio?: unknown } | null;
      if (m?.type === "transcribe" && m.audio instanceof Float32Array)
        segments.push(m.audio.slice());
      return post.call(this, message, ...rest);
    } as Worker["postMessage"];
  });
}

/**
 * The last segment handed to Whisper: its length and its longest exact-zero run, measured in the
 * page; its samples (16 kHz mono) only when asked for, since copying ~100k numbers out of the
 * page on every turn only to log two figures is wasted work.
 */
export async function lastSegment(
  page: Page,
  withSamples = false,
): Promise<{ samples?: number[]; durationMs: number; longestZeroRunMs: number } | null> {
  return page.evaluate((wantSamples) => {
    const all = (window as unknown as { __segments?: Float32Array[] }).__segments ?? [];
    const last = all.at(-1);
    if (!last) return null;
    let run = 0;
    let longest = 0;
    for (const x of last) {
      run = x === 0 ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return {
      ...(wantSamples ? { samples: Array.from(last) } : {}),
      durationMs: (last.length / 16000) * 1000,
      longestZeroRunMs: (longest / 16000) * 1000,
    };
  }, withSamples);
}

export const heard = (page: Page) => page.evaluate(() => window.__heard ?? []);

/** The page clock when the status first read `text` (polled every 50 ms in the page). */
export async function statusReached(page: Page, text: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const host = document.querySelector("parley-agent");
      const root = host?.shadowRoot ?? document;
      const status = root.querySelector('[role="status"]');
      return status?.textContent === wanted ? performance.now() : null;
    },
    text,
    { timeout, polling: 50 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Waits until the visitor has heard (Web Speech finished) speech matching `pattern`. The widget
 * speaks sentence by sentence, so the pattern is matched against everything heard so far.
 */
export async function expectHeard(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const all = (await heard(page))
          .filter((u) => u.endedAt !== null)
          .map((u) => u.text)
          .join(" ");
        return pattern.test(all) ? "heard" : all.slice(-400);
      },
      { timeout, message: `the visitor should hear ${pattern}` },
    )
    .toBe("heard");
}

export interface SpokenTurn {
  /** What the visitor says (espeak-ng). */
  say: string;
  /** What the widget should caption as the visitor's words (Whisper's transcript). */
  transcript: RegExp;
  /** The agent's captioned (and spoken) answer. */
  answer: RegExp;
  /** Further things the visitor hears after the answer (follow-ups, goodbye). */
  thenHears?: RegExp[];
  /** espeak-ng options (a slower rate for addresses and numbers, which Whisper mishears fast). */
  speech?: SpeechOptions;
}

/**
 * One turn: waits for the widget to listen, plays the speech into the microphone, then checks the
 * visitor's caption, the agent's caption and what was heard. Logs heard → answered.
 */
export async function speakTurn(page: Page, mic: InjectedMic, turn: SpokenTurn): Promise<void> {
  await expect(statusOf(page)).toHaveText("Listening…", { timeout: 90_000 });
  const visitorBefore = await visitorLines(page).count();
  const clip = await synthesizeSpeech(turn.say, turn.speech);
  await mic.say(clip);
  await expect(visitorLines(page)).toHaveCount(visitorBefore + 1, { timeout: 60_000 });
  const transcript = (await visitorLines(page).last().getAttribute("data-text")) ?? "";
  const saveTo = process.env["PARLEY_SAVE_SEGMENTS"];
  const segment = await lastSegment(page, Boolean(saveTo));
  console.log(
    `spoken ${JSON.stringify(turn.say)} (${clip.durationMs.toFixed(0)} ms) → transcribed ${JSON.stringify(transcript)}` +
      (segment
        ? ` from ${segment.durationMs.toFixed(0)} ms of audio (longest silence-by-zeros ${segment.longestZeroRunMs.toFixed(0)} ms)`
        : ""),
  );
  if (saveTo && segment?.samples) {
    mkdirSync(saveTo, { recursive: true });
    const file = `${saveTo}/${Date.now()}-${turn.say.replace(/[^a-z0-9]+/gi, "_").slice(0, 40)}.wav`;
    writeFileSync(file, encodeWavPcm16(segment.samples, 16000));
  }
  const answer = agentLines(page).last();
  await expect(answer).toContainText(turn.answer, { timeout: 60_000 });
  console.log(`  → answered ${JSON.stringify(await answer.getAttribute("data-text"))}`);
  expect(transcript, "Whisper's transcript of the visitor").toMatch(turn.transcript);
  await expectHeard(page, turn.answer);
  for (const more of turn.thenHears ?? []) await expectHeard(page, more);
}

/**
 * A turn typed into the panel's box during the voice call: how a visitor gives what speech
 * recognition keeps getting wrong (an email address).
 */
export async function typeTurn(page: Page, text: string, answer: RegExp): Promise<void> {
  await expect(statusOf(page)).toHaveText("Listening…", { timeout: 90_000 });
  const box = panel(page).getByRole("textbox", { name: /type a message/i });
  await box.fill(text);
  await box.press("Enter");
  await expect(visitorLines(page).last()).toHaveAttribute("data-text", text);
  await expect(agentLines(page).last()).toContainText(answer, { timeout: 60_000 });
  await expectHeard(page, answer);
}
