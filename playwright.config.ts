import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./packages/test-rig/src/chromium";

/**
 * Browser tests: Debian's Chromium (never a downloaded browser), headless, with the flags in
 * DESIGN.md. Tests live beside the code as `*.e2e.ts`. The global setup starts the audio rig
 * (private PulseAudio null sink + speech-dispatcher) so Web Speech TTS works headless.
 */
export default defineConfig({
  testMatch: "**/*.e2e.ts",
  testIgnore: ["**/node_modules/**", "**/dist/**"],
  globalSetup: "./packages/test-rig/src/global-setup.ts",
  // 2-core machine, real models in the page: one browser at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    headless: true,
    launchOptions: chromiumLaunchOptions(),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
