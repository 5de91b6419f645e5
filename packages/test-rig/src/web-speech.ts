import type { Page } from "@playwright/test";

/**
 * Page-side helpers for Web Speech TTS under the audio rig. Voices arrive ~2 s after page load
 * (`voiceschanged`), so tests wait for them instead of sleeping.
 */

export interface SpokenUtterance {
  /** "end", or the SpeechSynthesisErrorEvent's error, e.g. "interrupted". */
  outcome: string;
  voice: string;
  /** onstart → onend/onerror, ms. */
  durationMs: number;
  /** speak() → onstart, ms. */
  startLatencyMs: number;
  /** Every event seen, in order (start, end, error:<code>, boundary, …). */
  events: string[];
}

export interface SpeakOptions {
  /** Prefer a voice whose name contains this (default "English (America)"). */
  voiceNameIncludes?: string;
  /** Call speechSynthesis.cancel() this long after onstart. */
  cancelAfterMs?: number;
  /** Give up (outcome "timeout") after this long (default 30 s). */
  timeoutMs?: number;
  rate?: number;
}

/**
 * Waits until speechSynthesis lists voices; returns their names. Measured: 2–4 s after load on
 * an idle 2-core box, up to 11 s with both cores busy (13k espeak-ng voices to list).
 */
export async function waitForVoices(page: Page, timeoutMs = 30_000): Promise<string[]> {
  return page.evaluate(async (timeout) => {
    const names = () => speechSynthesis.getVoices().map((v) => v.name);
    if (names().length > 0) return names();
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no speechSynthesis voices after ${timeout} ms (audio rig running?)`)),
        timeout,
      );
      const check = () => {
        if (names().length === 0) return;
        clearTimeout(timer);
        speechSynthesis.removeEventListener("voiceschanged", check);
        resolve(names());
      };
      speechSynthesis.addEventListener("voiceschanged", check);
      check();
    });
  }, timeoutMs);
}

/** Speaks text in the page and reports how it went (never throws for a speech error). */
export async function speakInPage(
  page: Page,
  text: string,
  options: SpeakOptions = {},
): Promise<SpokenUtterance> {
  return page.evaluate(
    ({ text, voiceNameIncludes, cancelAfterMs, timeoutMs, rate }) =>
      new Promise<SpokenUtterance>((resolve) => {
        const voices = speechSynthesis.getVoices();
        const voice =
          voices.find((v) => v.name.includes(voiceNameIncludes)) ??
          voices.find((v) => v.lang.startsWith("en")) ??
          voices[0];
        const utterance = new SpeechSynthesisUtterance(text);
        if (voice) utterance.voice = voice;
        utterance.rate = rate;
        const events: string[] = [];
        const calledAt = performance.now();
        let startedAt: number | undefined;
        let done = false;
        const finish = (outcome: string) => {
          if (done) return;
          done = true;
          const now = performance.now();
          resolve({
            outcome,
            voice: voice?.name ?? "(default)",
            durationMs: startedAt === undefined ? 0 : now - startedAt,
            startLatencyMs: (startedAt ?? now) - calledAt,
            events,
          });
        };
        utterance.onstart = () => {
          events.push("start");
          startedAt = performance.now();
          if (cancelAfterMs !== undefined)
            setTimeout(() => speechSynthesis.cancel(), cancelAfterMs);
        };
        utterance.onend = () => {
          events.push("end");
          // Let a late, contradictory event show up in `events` before reporting.
          setTimeout(() => finish("end"), 0);
        };
        utterance.onerror = (event) => {
          events.push(`error:${event.error}`);
          setTimeout(() => finish(event.error), 0);
        };
        utterance.onboundary = () => events.push("boundary");
        setTimeout(() => finish("timeout"), timeoutMs);
        speechSynthesis.speak(utterance);
      }),
    {
      text,
      voiceNameIncludes: options.voiceNameIncludes ?? "English (America)",
      cancelAfterMs: options.cancelAfterMs,
      timeoutMs: options.timeoutMs ?? 30_000,
      rate: options.rate ?? 1,
    },
  );
}
