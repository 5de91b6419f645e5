/**
 * `tsx widget/e2e/whisper-hears.ts [--wpm 150,175] [--voice en-us,en-gb] [--threads 2] "text" …`: what Whisper base (WASM, the
 * pipeline's own worker and self-hosted model) transcribes from espeak-ng speech of each text,
 * and how long each transcription took. For choosing test utterances and checking how Whisper
 * writes things (digit strings, product names) without running a whole spoken conversation.
 * Clips go straight to the worker (no VAD), 16 kHz mono float32 as the pipeline sends them.
 */
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "../../packages/test-rig/src/chromium";
import { synthesizeSpeech } from "../../packages/test-rig/src/speech";
import { decodeWavMono } from "../../packages/test-rig/src/wav";
import { startHarness } from "./pipeline-harness";

interface Args {
  rates: number[];
  voices: string[];
  threads: number | undefined;
  texts: string[];
}

function parseArgs(argv: string[]): Args {
  let threads: number | undefined;
  const rates: number[] = [];
  const voices: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--wpm") rates.push(...(argv[++i] ?? "").split(",").map(Number));
    else if (argv[i] === "--voice") voices.push(...(argv[++i] ?? "").split(","));
    else if (argv[i] === "--threads") threads = Number(argv[++i]);
    else texts.push(argv[i]!);
  }
  return {
    rates: rates.length ? rates : [175],
    voices: voices.length ? voices : ["en-us"],
    threads,
    texts,
  };
}

async function main(): Promise<void> {
  const { rates, voices, threads, texts } = parseArgs(process.argv.slice(2));
  if (texts.length === 0) {
    throw new Error(
      'usage: whisper-hears.ts [--wpm 150,175] [--voice en-us,en-gb] [--threads 2] "text" …',
    );
  }
  const harness = await startHarness();
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(harness.site.url("/"));
    const assetBase = harness.site.url("/parley/");
    const loaded = await page.evaluate(
      async ([base, numThreads]) => {
        const worker = new Worker(new URL("./whisper.worker.js", location.href), {
          type: "module",
        });
        (window as unknown as { whisper: Worker }).whisper = worker;
        return new Promise<unknown>((resolve, reject) => {
          worker.onmessage = (e: MessageEvent<{ type: string; message?: string }>) => {
            if (e.data.type === "loaded") resolve(e.data);
            if (e.data.type === "load_failed") reject(new Error(e.data.message));
          };
          worker.postMessage({
            type: "load",
            modelId: "Xenova/whisper-base",
            localModelPath: new URL("models/", base).href,
            wasmPaths: new URL("ort/", base).href,
            device: "wasm",
            language: "english",
            sha256: {},
            ...(numThreads ? { numThreads } : {}),
          });
        });
      },
      [assetBase, threads] as const,
    );
    console.log(`loaded: ${JSON.stringify(loaded)}`);
    let id = 0;
    for (const text of texts) {
      // A .wav argument is transcribed as it is (e.g. a segment a spoken test saved).
      const variants = text.endsWith(".wav")
        ? [["file", 0] as const]
        : voices.flatMap((v) => rates.map((r) => [v, r] as const));
      for (const [voice, wpm] of variants) {
        const clip = text.endsWith(".wav")
          ? { path: text, durationMs: NaN }
          : await synthesizeSpeech(text, { wordsPerMinute: wpm, voice });
        const { info, samples } = decodeWavMono(readFileSync(clip.path));
        if (info.sampleRate !== 16000) throw new Error(`${clip.path}: not 16 kHz`);
        const heard = await page.evaluate(
          async ([audio, n]) => {
            const worker = (window as unknown as { whisper: Worker }).whisper;
            return new Promise<{ text: string; ms: number }>((resolve, reject) => {
              worker.onmessage = (e: MessageEvent<{ type: string; text: string; ms: number }>) => {
                if (e.data.type === "transcript") resolve(e.data);
                else reject(new Error(JSON.stringify(e.data)));
              };
              worker.postMessage({ type: "transcribe", id: n, audio: new Float32Array(audio) });
            });
          },
          [Array.from(samples), ++id] as const,
        );
        console.log(
          `${voice} ${wpm} wpm, ${clip.durationMs.toFixed(0)} ms: ${JSON.stringify(text)} → ${JSON.stringify(heard.text)} (${heard.ms.toFixed(0)} ms)`,
        );
      }
    }
  } finally {
    await browser.close();
    await harness.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
