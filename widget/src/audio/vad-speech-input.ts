import { MicVAD } from "@ricky0123/vad-web";
import { Emitter } from "../core/emitter";
import { rootMeanSquare } from "../stt/hallucination-filter";
import type { SpeechInput, SpeechInputEvents } from "./speech-input";

export interface VadSpeechInputOptions {
  getStream: () => Promise<MediaStream>;
  /** Absolute URL of the folder with silero_vad_v5.onnx, the worklet and ORT's wasm (self-hosted). */
  vadAssetBaseUrl: string;
  /**
   * Silence after speech before the utterance is considered finished. Shorter answers sooner
   * but may cut a visitor who pauses mid-sentence.
   */
  redemptionMs?: number;
  /** Audio kept from before the detector fired, so the first syllable is not lost. */
  preSpeechPadMs?: number;
  /** Shorter "speech" is a misfire (a cough, a click). */
  minSpeechMs?: number;
}

const V5_FRAME_SAMPLES = 512;
const SAMPLE_RATE = 16000;

/** Silero VAD v5 via `@ricky0123/vad-web`, its model, worklet and wasm served from the site's origin. */
export class VadSpeechInput implements SpeechInput {
  private readonly events = new Emitter<SpeechInputEvents>();
  private vad: MicVAD | null = null;
  private lastSpeechAt = 0;
  private context: AudioContext | null = null;
  private readonly positiveThreshold = 0.5;

  constructor(private readonly options: VadSpeechInputOptions) {}

  on<K extends keyof SpeechInputEvents>(
    event: K,
    handler: (payload: SpeechInputEvents[K]) => void,
  ): () => void {
    return this.events.on(event, handler);
  }

  async start(): Promise<void> {
    const base = this.options.vadAssetBaseUrl.endsWith("/")
      ? this.options.vadAssetBaseUrl
      : `${this.options.vadAssetBaseUrl}/`;
    const redemptionMs = this.options.redemptionMs ?? 600;
    const stream = await this.options.getStream();
    this.context = openSpeechRateContext(stream);
    this.vad = await MicVAD.new({
      model: "v5",
      baseAssetPath: base,
      onnxWASMBasePath: base,
      getStream: async () => stream,
      ...(this.context ? { audioContext: this.context } : {}),
      // Keep the stream open while paused (mute): re-opening it would prompt again on some browsers.
      pauseStream: async () => {},
      resumeStream: async (stream) => stream,
      startOnLoad: false,
      positiveSpeechThreshold: this.positiveThreshold,
      negativeSpeechThreshold: this.positiveThreshold - 0.15,
      redemptionMs,
      preSpeechPadMs: this.options.preSpeechPadMs ?? 320,
      minSpeechMs: this.options.minSpeechMs ?? 250,
      submitUserSpeechOnPause: false,
      onFrameProcessed: (probabilities, frame) => {
        const at = performance.now();
        if (probabilities.isSpeech >= this.positiveThreshold) this.lastSpeechAt = at;
        this.events.emit("frame", {
          probability: probabilities.isSpeech,
          level: Math.min(1, rootMeanSquare(frame) * 4),
          at,
        });
      },
      onSpeechStart: () => this.events.emit("speechStart", { at: performance.now() }),
      onSpeechRealStart: () => {},
      onVADMisfire: () => this.events.emit("misfire", { at: performance.now() }),
      onSpeechEnd: (audio) => {
        const at = performance.now();
        // The detector fires after `redemptionMs` of silence; the visitor stopped at the last speech frame.
        const frameMs = (V5_FRAME_SAMPLES / SAMPLE_RATE) * 1000;
        const endedAt =
          this.lastSpeechAt > 0 ? Math.min(at, this.lastSpeechAt + frameMs) : at - redemptionMs;
        this.events.emit("speechEnd", { audio, endedAt, at });
      },
    });
    await this.vad.start();
  }

  async pause(): Promise<void> {
    await this.vad?.pause();
  }

  async resume(): Promise<void> {
    await this.vad?.start();
  }

  async destroy(): Promise<void> {
    const vad = this.vad;
    this.vad = null;
    await vad?.destroy();
    // vad-web closes only the contexts it made itself.
    await this.context?.close().catch(() => undefined);
    this.context = null;
    this.events.clear();
  }
}

/**
 * An AudioContext running at 16 kHz, so the browser's own resampler (band-limited) brings the
 * microphone down to what Silero and Whisper take. Without it vad-web averages groups of 48 kHz
 * samples, which aliases: Whisper then misheard test speech the clean 16 kHz file gave right
 * ("cat, a log" for "catalog"). Browsers that cannot feed a microphone into a context of another
 * rate (Firefox throws) get null, and vad-web's default context and resampler.
 */
function openSpeechRateContext(stream: MediaStream): AudioContext | null {
  let context: AudioContext | null = null;
  try {
    context = new AudioContext({ sampleRate: SAMPLE_RATE });
    new MediaStreamAudioSourceNode(context, { mediaStream: stream }).disconnect();
    return context;
  } catch {
    void context?.close().catch(() => undefined);
    return null;
  }
}
