import type { SpeechInput } from "../audio/speech-input";
import type { SpeechToText } from "../stt/speech-to-text";
import type { Speaker } from "../tts/speaker";
import type { LoadProgress } from "./voice-agent";

/**
 * What every stage factory is told about the call: where the site hosts its model files, the
 * visitor's language, and where to report download progress (the panel's progress bar).
 */
export interface StageContext {
  /** Absolute base URL of the self-hosted assets (VAD model, Whisper, wasm); ends with "/". */
  assetBaseUrl: string;
  /** BCP 47 language of the call ("en", "en-IN"). */
  language: string;
  onProgress: (progress: LoadProgress) => void;
}

/**
 * The pipeline's replaceable stages, handed to `createVoiceAgent` the way LiveKit's
 * `AgentSession({ vad, stt, tts })` takes its parts: a second voice, a site's own audio
 * processing or another recogniser is an option, not a fork. Each is a factory, because an agent
 * that failed to start builds its stages afresh on the next `start()`.
 *
 * Defaults: Silero VAD (vad-web) on the microphone, Whisper in a worker, Web Speech synthesis.
 */
export interface VoiceStages {
  /** The listening stage over the call's microphone stream. Not built for a typed call. */
  speechInput: (stream: MediaStream, context: StageContext) => SpeechInput;
  /** Speech segments → text. Not built for a typed call (`speechRecognition: false`). */
  speechToText: (context: StageContext) => SpeechToText;
  /** Text → the agent's voice. */
  speaker: (context: StageContext) => Speaker;
}
