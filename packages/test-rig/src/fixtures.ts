import {
  test as base,
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { chromiumLaunchOptions, type ChromiumRigOptions } from "./chromium";
import { FAKE_MIC_MIN_LEADING_SILENCE_MS, prepareFakeMicWav, type FakeMicClip } from "./fake-mic";
import { installInjectedMic, type InjectedMic, type InjectedMicOptions } from "./injected-mic";
import { synthesizeSpeech, type SpeechClip, type SpeechOptions } from "./speech";
import { startStaticServer, type StaticServer, type StaticServerOptions } from "./static-server";

/**
 * Playwright fixtures for Parley's browser tests. Use instead of @playwright/test's `test`:
 *
 *   import { test, expect } from "@parley/test-rig/fixtures";
 *   test("hears the visitor", async ({ serve, speech, micPage }) => {
 *     const site = await serve({ root: "dist" });
 *     const { page, clip } = await micPage(await speech("What is your refund policy?"));
 *     await page.goto(site.url("/"));
 *   });
 *
 * Everything a fixture opens (servers, browsers) is closed when the test ends.
 */

export interface MicPageOptions extends Omit<ChromiumRigOptions, "fakeMicWav"> {
  /**
   * Silence the fake microphone plays before the voice (the file is padded when it has less);
   * default 2000 ms, because Chromium may drop the first second of the device's audio.
   */
  minLeadingSilenceMs?: number;
  /** Pass through to browser.newContext (viewport, permissions, …). */
  contextOptions?: Parameters<Browser["newContext"]>[0];
}

export interface MicPage {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  /** What the fake microphone plays; times are from when the page's getUserMedia resolves. */
  clip: FakeMicClip;
}

export interface RigFixtures {
  /** Starts a COOP/COEP static server on 127.0.0.1 (closed after the test). */
  serve: (options: StaticServerOptions) => Promise<StaticServer>;
  /** espeak-ng speech as a cached 16 kHz mono WAV. */
  speech: (text: string, options?: SpeechOptions) => Promise<SpeechClip>;
  /**
   * A page in a fresh Chromium whose fake microphone plays `wav` once, starting when the page
   * calls getUserMedia. One browser per call: for another utterance, call again (new page), or
   * use `injectedMicPage` to play several utterances into one page.
   */
  micPage: (wav: string | SpeechClip, options?: MicPageOptions) => Promise<MicPage>;
  /**
   * A page (in the test's usual browser) whose microphone is the injected one: the test plays
   * utterances into it with `mic.say(clip)` whenever the conversation is ready for them.
   */
  injectedMicPage: (options?: InjectedMicOptions) => Promise<{ page: Page; mic: InjectedMic }>;
}

export const test = base.extend<RigFixtures>({
  // Playwright reads fixture dependencies from the destructuring pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  serve: async ({}, use) => {
    const servers: StaticServer[] = [];
    await use(async (options) => {
      const server = await startStaticServer(options);
      servers.push(server);
      return server;
    });
    await Promise.all(servers.map((server) => server.close()));
  },

  // Playwright reads fixture dependencies from the destructuring pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  speech: async ({}, use) => {
    await use((text, options) => synthesizeSpeech(text, options));
  },

  // Playwright reads fixture dependencies from the destructuring pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  micPage: async ({}, use, testInfo) => {
    const browsers: Browser[] = [];
    await use(async (wav, options = {}) => {
      const { contextOptions, minLeadingSilenceMs, ...rig } = options;
      const clip = prepareFakeMicWav(
        typeof wav === "string" ? wav : wav.path,
        minLeadingSilenceMs ?? FAKE_MIC_MIN_LEADING_SILENCE_MS,
      );
      const launch = chromiumLaunchOptions({ ...rig, fakeMicWav: clip.path });
      const browser = await chromium.launch({ ...launch, headless: true });
      browsers.push(browser);
      const context = await browser.newContext(contextOptions);
      const page = await context.newPage();
      return { page, context, browser, clip };
    });
    for (const browser of browsers) {
      if (testInfo.status !== testInfo.expectedStatus) {
        // Keep what the page said when a test fails.
        for (const context of browser.contexts()) {
          for (const page of context.pages()) {
            await testInfo.attach(`mic page ${page.url()}`, {
              body: await page.content().catch(() => "(closed)"),
              contentType: "text/html",
            });
          }
        }
      }
      await browser.close();
    }
  },

  injectedMicPage: async ({ context }, use) => {
    await use(async (options) => {
      const page = await context.newPage();
      const mic = await installInjectedMic(page, options);
      return { page, mic };
    });
  },
});

export { expect } from "@playwright/test";
