import type { LoadProgress } from "../core/voice-agent";

/** The transcription stage: one speech segment (16 kHz mono) in, the visitor's words out. */
export interface SpeechToText {
  /** Load the model (progress reported through the callback given at construction). */
  load(): Promise<void>;
  /** Null when the segment held no real speech (silence, noise, Whisper's phantom phrases). */
  transcribe(audio: Float32Array): Promise<Transcript | null>;
  dispose(): void;
}

export interface Transcript {
  text: string;
  /** Time the model took, ms. */
  ms: number;
}

export type ProgressSink = (progress: LoadProgress) => void;

/** Where a Whisper model comes from: a hub id ("Xenova/whisper-base") or a self-hosted base URL. */
export interface WhisperSource {
  /** transformers.js model id. */
  modelId: string;
  /** When self-hosted: the URL prefix that `modelId` is appended to (`env.localModelPath`). */
  localModelPath: string | null;
}

/**
 * "https://site/parley/models/Xenova/whisper-base" → { localModelPath: "https://site/parley/models/",
 * modelId: "Xenova/whisper-base" }; a relative URL resolves against `base`; anything else is a
 * hub id. The last two path segments are kept as the id so cached entries are recognisable.
 */
export function resolveWhisperSource(model: string, base: string): WhisperSource {
  const looksLikeUrl = /^(https?:|blob:|\/|\.\.?\/)/.test(model);
  if (!looksLikeUrl) return { modelId: model, localModelPath: null };
  const url = new URL(model.replace(/\/+$/, ""), base);
  const segments = url.pathname.split("/").filter(Boolean);
  const idSegments = segments.slice(-2);
  const prefix = segments.slice(0, -2);
  url.pathname = `/${prefix.join("/")}${prefix.length ? "/" : ""}`;
  return { modelId: idSegments.join("/"), localModelPath: url.href };
}
