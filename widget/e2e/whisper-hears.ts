/**
 * `tsx widget/e2e/whisper-hears.ts [--wpm 150,175] [--voice en-us,en-gb] [--threads 2] [--variants N] [--through-mic] "text" …`: what Whisper base (WASM, the
 * pipeline's own worker and self-hosted model) transcribes from espeak-ng speech of each text,
 * and how long each transcription took. For choosing test utterances and checking how Whisper
 * writes things (digit strings, product names) without running a whole spoken conversation.
 * Clips go straight to the worker (no VAD), 16 kHz mono float32 as the pipeline sends them.
 *
 * `--variants N` transcribes each clip N more times, each shifted by a random 0–320 ms of leading
 * silence, scaled by a random gain (0.7–1.3) and dithered at about -70 dBFS: the differences the
 * page's microphone path (two resamplers, VAD frame alignment, pre-speech padding) makes to a
 * clip. Whisper base flips words on espeak-ng speech under changes that small ("five days ago" →
 * "I've been a ghost"), so a phrasing for a spoken test should come back right in every variant.
 *
 * `--through-mic` plays each clip (and variant) in real time the way the spoken tests' injected
 * microphone does — decoded into a 48 kHz AudioContext, out through a MediaStream, into a 16 kHz
 * AudioContext as the widget opens it — and transcribes what arrives. The two browser resamplers
 * take off some of what Whisper leans on (a clip it hears right straight can come back wrong
 * this way: "98,765" → "98,760 I"), so screen spoken-test phrasings with it.
 */
import { readFileSync } from "node:fs";
import { chromium, type Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../../packages/test-rig/src/chromium";
import { synthesizeSpeech } from "../../packages/test-rig/src/speech";
import { decodeWavMono } from "../../packages/test-rig/src/wav";
import { startHarness } from "./pipeline-harness";

interface Args {
  rates: number[];
  voices: string[];
  threads: number | undefined;
  variants: number;
  throughMic: boolean;
  texts: string[];
}

function parseArgs(argv: string[]): Args {
  let threads: number | undefined;
  let variants = 0;
  let throughMic = false;
  const rates: number[] = [];
  const voices: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--wpm") rates.push(...(argv[++i] ?? "").split(",").map(Number));
    else if (argv[i] === "--voice") voices.push(...(argv[++i] ?? "").split(","));
    else if (argv[i] === "--threads") threads = Number(argv[++i]);
    else if (argv[i] === "--variants") variants = Number(argv[++i]);
    else if (argv[i] === "--through-mic") throughMic = true;
    else texts.push(argv[i]!);
  }
  return {
    rates: rates.length ? rates : [175],
    voices: voices.length ? voices : ["en-us"],
    threads,
    variants,
    throughMic,
    texts,
  };
}

async function main(): Promise<void> {
  const { rates, voices, threads, variants, throughMic, texts } = parseArgs(process.argv.slice(2));
  if (texts.length === 0) {
    throw new Error(
      'usage: whisper-hears.ts [--wpm 150,175] [--voice en-us,en-gb] [--threads 2] [--variants N] [--through-mic] "text" …',
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
    const transcribe = async (clipAudio: Float32Array) => {
      const audio = throughMic ? await playThroughMic(page, clipAudio) : clipAudio;
      return page.evaluate(
        async ([samples, n]) => {
          const worker = (window as unknown as { whisper: Worker }).whisper;
          return new Promise<{ text: string; ms: number }>((resolve, reject) => {
            worker.onmessage = (e: MessageEvent<{ type: string; text: string; ms: number }>) => {
              if (e.data.type === "transcript") resolve(e.data);
              else reject(new Error(JSON.stringify(e.data)));
            };
            worker.postMessage({ type: "transcribe", id: n, audio: new Float32Array(samples) });
          });
        },
        [Array.from(audio), ++id] as const,
      );
    };
    for (const text of texts) {
      // A .wav argument is transcribed as it is (e.g. a segment a spoken test saved).
      const sources = text.endsWith(".wav")
        ? [["file", 0] as const]
        : voices.flatMap((v) => rates.map((r) => [v, r] as const));
      for (const [voice, wpm] of sources) {
        const clip = text.endsWith(".wav")
          ? { path: text, durationMs: NaN }
          : await synthesizeSpeech(text, { wordsPerMinute: wpm, voice });
        const { info, samples } = decodeWavMono(readFileSync(clip.path));
        if (info.sampleRate !== 16000) throw new Error(`${clip.path}: not 16 kHz`);
        const heard = await transcribe(samples);
        console.log(
          `${voice} ${wpm} wpm, ${clip.durationMs.toFixed(0)} ms: ${JSON.stringify(text)} → ${JSON.stringify(heard.text)} (${heard.ms.toFixed(0)} ms)`,
        );
        const random = seededRandom(text.length * 7919 + wpm);
        for (let v = 1; v <= variants; v++) {
          const variant = perturb(samples, random);
          const again = await transcribe(variant.audio);
          console.log(`  variant ${v} (${variant.describe}) → ${JSON.stringify(again.text)}`);
        }
      }
    }
  } finally {
    await browser.close();
    await harness.close();
  }
}

/**
 * Plays 16 kHz samples through the page's audio path in real time (48 kHz context →
 * MediaStream → 16 kHz context, as the injected microphone and the widget do) and returns what
 * the 16 kHz side recorded, from 100 ms before its first non-silent sample to about 500 ms after
 * the clip ended.
 */
async function playThroughMic(page: Page, samples: Float32Array): Promise<Float32Array> {
  const recorded = await page.evaluate(async (input) => {
    const source = new AudioContext();
    const sink = new AudioContext({ sampleRate: 16000 });
    await Promise.all([source.resume(), sink.resume()]);
    const destination = source.createMediaStreamDestination();
    const input16 = new MediaStreamAudioSourceNode(sink, { mediaStream: destination.stream });
    const recorder = sink.createScriptProcessor(2048, 1, 1);
    const chunks: Float32Array[] = [];
    recorder.onaudioprocess = (e) => chunks.push(e.inputBuffer.getChannelData(0).slice());
    input16.connect(recorder);
    recorder.connect(sink.destination);
    const buffer = sink.createBuffer(1, input.length, 16000);
    buffer.copyToChannel(Float32Array.from(input), 0);
    // Resampled to the 48 kHz context's rate on playback, as decodeAudioData does for the rig.
    const player = new AudioBufferSourceNode(source, { buffer });
    player.connect(destination);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise<void>((resolve) => {
      player.onended = () => resolve();
      player.start();
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    recorder.disconnect();
    await Promise.all([source.close(), sink.close()]);
    const all = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    const first = all.findIndex((x) => Math.abs(x) > 1e-4);
    return Array.from(all.subarray(Math.max(0, first - 1600)));
  }, Array.from(samples));
  return Float32Array.from(recorded);
}

/** A small deterministic generator, so a screening run can be repeated. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The clip as the page's microphone path might deliver it: shifted, louder or quieter, dithered. */
function perturb(
  samples: Float32Array,
  random: () => number,
): { audio: Float32Array; describe: string } {
  const leadSamples = Math.floor(random() * 0.32 * 16000);
  const gain = 0.7 + random() * 0.6;
  const audio = new Float32Array(leadSamples + samples.length);
  for (let i = 0; i < audio.length; i++) {
    const x = i >= leadSamples ? samples[i - leadSamples]! * gain : 0;
    audio[i] = x + (random() - 0.5) * 6e-4;
  }
  return {
    audio,
    describe: `+${((leadSamples / 16000) * 1000).toFixed(0)} ms, gain ${gain.toFixed(2)}`,
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
