import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { assertPlayableWav } from "./chromium";

/**
 * A controllable microphone for multi-turn spoken tests. Instead of Chromium's fake capture
 * device (one file per browser launch, starting at getUserMedia), the page gets a MediaStream
 * fed by an AudioContext → MediaStreamAudioDestinationNode, and the test plays each utterance
 * into it when it wants — e.g. once the agent has finished speaking. Between utterances the
 * stream carries silence, like a quiet room.
 *
 * The page can take the stream from `window.__parleyTestMic.getStream()` (for a pipeline that
 * accepts an injected MediaStream, e.g. vad-web's `getStream`), or — by default — simply call
 * getUserMedia, which is patched to return clones of the injected track.
 */

export interface InjectedMicOptions {
  /** Make navigator.mediaDevices.getUserMedia({audio}) return the injected stream (default true). */
  patchGetUserMedia?: boolean;
}

export interface PlayedUtterance {
  /** Decoded duration of what was played. */
  durationMs: number;
  /** performance.now() in the page when playback started and ended. */
  startedAt: number;
  endedAt: number;
}

/** The page-side API (present after installInjectedMic, before any page script runs). */
export interface TestMicPageApi {
  getStream(): MediaStream;
  play(wavBase64: string): Promise<PlayedUtterance>;
  stop(): void;
  readonly playing: boolean;
}

declare global {
  interface Window {
    __parleyTestMic?: TestMicPageApi;
  }
}

/** Runs in the page (serialised by Playwright): must not reference anything outside itself. */
function pageSideInstall(patchGetUserMedia: boolean): void {
  let context: AudioContext | undefined;
  let destination: MediaStreamAudioDestinationNode | undefined;
  let current: AudioBufferSourceNode | undefined;

  const ensure = () => {
    if (!context || !destination) {
      context = new AudioContext();
      destination = context.createMediaStreamDestination();
    }
    return { context, destination };
  };

  const api: TestMicPageApi = {
    getStream: () => ensure().destination.stream,
    async play(wavBase64) {
      const { context: ctx, destination: dest } = ensure();
      if (ctx.state !== "running") await ctx.resume();
      const bytes = Uint8Array.from(atob(wavBase64), (c) => c.charCodeAt(0));
      const buffer = await ctx.decodeAudioData(bytes.buffer);
      current?.stop();
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(dest);
      current = source;
      return new Promise<PlayedUtterance>((resolve) => {
        const startedAt = performance.now();
        source.onended = () => {
          if (current === source) current = undefined;
          source.disconnect();
          resolve({ durationMs: buffer.duration * 1000, startedAt, endedAt: performance.now() });
        };
        source.start();
      });
    },
    stop() {
      current?.stop();
    },
    get playing() {
      return current !== undefined;
    },
  };
  window.__parleyTestMic = api;

  if (patchGetUserMedia && navigator.mediaDevices) {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (!constraints?.audio || constraints.video) return original(constraints);
      // Clones: a pipeline that stops its track on pause must not silence the source.
      return new MediaStream(
        api
          .getStream()
          .getAudioTracks()
          .map((track) => track.clone()),
      );
    };
  }
}

export class InjectedMic {
  constructor(private readonly page: Page) {}

  /** Plays a WAV file into the page's microphone; resolves when it has been played. */
  async say(wavPath: string | { path: string }): Promise<PlayedUtterance> {
    const file = assertPlayableWav(typeof wavPath === "string" ? wavPath : wavPath.path);
    const base64 = readFileSync(file).toString("base64");
    return this.page.evaluate(async (b64) => {
      const mic = window.__parleyTestMic;
      if (!mic) throw new Error("injected mic not installed (call installInjectedMic first)");
      return mic.play(b64);
    }, base64);
  }

  /** Starts playing without waiting for the end (for barge-in tests). */
  async startSaying(wavPath: string | { path: string }): Promise<() => Promise<PlayedUtterance>> {
    const file = assertPlayableWav(typeof wavPath === "string" ? wavPath : wavPath.path);
    const base64 = readFileSync(file).toString("base64");
    await this.page.evaluate((b64) => {
      const mic = window.__parleyTestMic;
      if (!mic) throw new Error("injected mic not installed (call installInjectedMic first)");
      (window as unknown as { __parleyTestMicDone: Promise<PlayedUtterance> }).__parleyTestMicDone =
        mic.play(b64);
    }, base64);
    return () =>
      this.page.evaluate(
        () =>
          (window as unknown as { __parleyTestMicDone: Promise<PlayedUtterance> })
            .__parleyTestMicDone,
      );
  }

  async stop(): Promise<void> {
    await this.page.evaluate(() => window.__parleyTestMic?.stop());
  }
}

/**
 * Installs the injected microphone into every document the page loads from now on; call it
 * before page.goto().
 */
export async function installInjectedMic(
  page: Page,
  options: InjectedMicOptions = {},
): Promise<InjectedMic> {
  await page.addInitScript(pageSideInstall, options.patchGetUserMedia ?? true);
  return new InjectedMic(page);
}
