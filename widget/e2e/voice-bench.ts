/**
 * `pnpm bench:voice`: the refund question, spoken 5 times into one Chromium page running the
 * whole pipeline (Silero VAD, Whisper base on WASM, USE-lite retrieval, Lite brain, Web Speech
 * through speech-dispatcher, a real in-process relay). Prints per-stage medians and the
 * voice-to-voice median (end of the visitor's speech → first audible word of the answer).
 * Needs the audio rig (PulseAudio null sink + speech-dispatcher), started here as in the tests.
 */
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../../packages/test-rig/src/chromium";
import globalSetup from "../../packages/test-rig/src/global-setup";
import { installInjectedMic } from "../../packages/test-rig/src/injected-mic";
import { synthesizeSpeech } from "../../packages/test-rig/src/speech";
import { startHarness } from "./pipeline-harness";

const RUNS = Number(process.env.PARLEY_BENCH_RUNS ?? 5);
const STAGES = [
  "stt_ms",
  "retrieval_ms",
  "brain_first_token_ms",
  "brain_ms",
  "tts_first_audio_ms",
  "voice_to_voice_ms",
  "turn_ms",
] as const;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

async function main(): Promise<void> {
  const stopRig = await globalSetup({} as never);
  console.log("audio rig up; building the page and starting the relay…");
  const harness = await startHarness();
  console.log("harness up; launching Chromium…");
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  try {
    const page = await (await browser.newContext()).newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps the named functions inside the
    // injected mic's page script in `__name(…)`; the page has no such helper, so the script threw
    // and the page had no microphone. Give it one.
    await page.addInitScript("globalThis.__name = (target) => target;");
    const mic = await installInjectedMic(page, { patchGetUserMedia: false });
    await page.goto(harness.site.url("/"));
    const loadStarted = Date.now();
    await page.evaluate(
      (options) =>
        window.parleyTest.start({
          ...options,
          injectedMic: true,
          greetingAfterMs: 600_000,
        } as never),
      harness.agentOptions,
    );
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    await page
      .waitForFunction(
        () => {
          const state = window.parleyTest.agent?.state;
          if (state === "error") throw new Error("the agent reported an error");
          return state === "listening";
        },
        undefined,
        { timeout: 240_000 },
      )
      .catch(async (error: unknown) => {
        // Say why: the agent's own events (state, error, mode) up to now.
        const log = await page.evaluate(() =>
          window.parleyTest.log
            .filter((e) => ["state", "error", "mode"].includes(e.event))
            .map((e) => `${e.event} ${JSON.stringify(e.payload)}`),
        );
        throw new Error(`the pipeline did not start listening:\n${log.join("\n")}`, {
          cause: error,
        });
      });
    console.log(
      `pipeline loaded in ${Date.now() - loadStarted} ms (VAD, Whisper base, USE-lite, index)`,
    );
    const clip = await synthesizeSpeech("What is your refund policy?");
    const rows: Record<string, number>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const before = await page.evaluate(
        () => window.parleyTest.log.filter((e) => e.event === "timings").length,
      );
      await mic.say(clip);
      await page.waitForFunction(
        (n) => window.parleyTest.log.filter((e) => e.event === "timings").length > n,
        before,
        { timeout: 120_000 },
      );
      const timings = await page.evaluate(() => {
        const all = window.parleyTest.log.filter((e) => e.event === "timings");
        return (all[all.length - 1]!.payload as { timings: Record<string, number> }).timings;
      });
      rows.push(timings);
      console.log(
        `run ${run}: voice-to-voice ${timings.voice_to_voice_ms} ms (stt ${timings.stt_ms}, retrieval ${timings.retrieval_ms}, brain ${timings.brain_ms}, tts ${timings.tts_first_audio_ms})`,
      );
      await page.waitForFunction(() => window.parleyTest.agent?.state === "listening", undefined, {
        timeout: 60_000,
      });
    }
    console.log(`\nVoice pipeline, ${RUNS} runs of "What is your refund policy?" (ms)`);
    console.log("stage                  median      p95");
    for (const stage of STAGES) {
      const values = rows.map((r) => r[stage]).filter((v): v is number => typeof v === "number");
      if (values.length === 0) continue;
      console.log(
        `${stage.padEnd(22)} ${quantile(values, 0.5).toFixed(1).padStart(8)} ${quantile(values, 0.95).toFixed(1).padStart(8)}`,
      );
    }
    const v2v = rows
      .map((r) => r.voice_to_voice_ms)
      .filter((v): v is number => typeof v === "number");
    console.log(`\nvoice-to-voice median: ${quantile(v2v, 0.5).toFixed(0)} ms`);
    // For scripts/bench.mjs: the per-stage medians feed the chart in docs/performance.md.
    const median = (stage: (typeof STAGES)[number]) => {
      const values = rows.map((r) => r[stage]).filter((v): v is number => typeof v === "number");
      return values.length ? quantile(values, 0.5) : undefined;
    };
    const stages = Object.fromEntries(
      (["stt_ms", "retrieval_ms", "brain_ms", "tts_first_audio_ms"] as const)
        .map((k) => [k, median(k)])
        .filter(([, v]) => v !== undefined),
    );
    console.log(
      `BENCH_JSON ${JSON.stringify({ name: "voice", runs: rows.length, stages, voice_to_voice_ms: median("voice_to_voice_ms") })}`,
    );
  } finally {
    await browser.close();
    await harness.close();
    await stopRig();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
