import type { ActionResult, TurnTimings } from "@parley/protocol";
import type { VoiceStages } from "./voice-stages";

/**
 * The contract between the framework-free voice pipeline and every shell over it (the React
 * component, the hook, the script-tag custom element, integrators' own UIs). The pipeline
 * implements `VoiceAgent` via `createVoiceAgent(options)`; shells only read state and events.
 */

/** What the visitor sees the agent doing. */
export type AgentState =
  | "idle"
  | "requesting_microphone"
  | "loading"
  | "listening"
  | "thinking"
  | "speaking"
  | "waiting_for_human"
  | "with_human"
  | "ended"
  | "error";

/** Which brain decides: the full on-device LLM, or the Lite brain (no WebGPU needed). */
export type BrainMode = "webllm" | "lite";

/** Download/initialisation progress of one model or file, for the progress bar. */
export interface LoadProgress {
  /** Which part is loading. */
  part: "vad" | "stt" | "embedder" | "index" | "llm";
  /** Human-readable label, e.g. "Speech recognition (Whisper base)". */
  label: string;
  loadedBytes: number;
  /** Null while the size is unknown. */
  totalBytes: number | null;
  /** 0..1 over this part. */
  fraction: number;
  /** True when served from the browser cache (second visit). */
  fromCache: boolean;
}

/** One line of live captions. Interim visitor captions are replaced by the final one (same id). */
export interface Caption {
  id: string;
  speaker: "visitor" | "agent" | "human_agent";
  text: string;
  final: boolean;
  /** The whole passage a shortened spoken answer came from: the caption can expand to it. */
  fullText?: string;
  /** ms since the epoch. */
  at: number;
}

export type AgentErrorCode =
  | "microphone_denied"
  | "no_microphone"
  | "microphone_lost"
  | "relay_unreachable"
  | "download_failed"
  | "unsupported_browser"
  | "internal";

/** A failure the UI can explain; `retryable` says whether a "Try again" button makes sense. */
export interface AgentError {
  code: AgentErrorCode;
  message: string;
  retryable: boolean;
}

/** Per-turn timings (ms from the end of the visitor's speech), as sent to the relay. */
export interface TurnTimingEvent {
  turnId: string;
  timings: TurnTimings;
}

export interface VoiceAgentEvents {
  state: AgentState;
  caption: Caption;
  progress: LoadProgress;
  mode: { mode: BrainMode; reason: string };
  error: AgentError;
  timings: TurnTimingEvent;
  /** Microphone input level 0..1, ~20 times a second while listening. */
  level: number;
  /** A side effect's outcome as the relay reports it (sent, failed, ticket number…). */
  action: ActionResult;
  /** (additive) The visitor spoke over the agent: speech was stopped. Times are performance.now(). */
  bargeIn: BargeInEvent;
  /** (additive) A turn was decided: what the visitor said and what the agent answered and did. */
  turn: TurnSummary;
  /** (additive) The warm transfer to a person: waiting, connected, ended, or nobody came. */
  handoff: HandoffStatus;
}

/**
 * (additive) Where the transfer to a person stands. While `waiting` the AI is paused (it neither
 * listens nor answers; the microphone stays open) and typing goes to the person once connected.
 */
export interface HandoffStatus {
  phase:
    | "waiting"
    | "connected"
    | "ended"
    /** Nobody could take the call in time: the AI is back and offers a callback or an email. */
    | "unavailable"
    /** The visitor went back to the AI. */
    | "cancelled";
  /** Who the call is offered to, or who took it. */
  agentName: string | null;
  /** 1 = next in line; null when an agent has the call or nobody queues. */
  queuePosition: number | null;
  /** When the visitor started waiting, ms since the epoch. */
  waitingSince: number;
  /** The agent's voice: "off" for a typed call; "failed" means chat only (say so). */
  voice: "off" | "connecting" | "connected" | "failed";
  /** The agent's resolution and the ticket, once they ended the conversation. */
  resolution: string | null;
  ticketNumber: string | null;
}

/** (additive) Barge-in: `speechAt` when the visitor's speech began, `stoppedAt` when TTS stopped. */
export interface BargeInEvent {
  speechAt: number;
  stoppedAt: number;
}

/** (additive) One decided turn, for pages and tests that follow the conversation. */
export interface TurnSummary {
  turnId: string;
  /** Null for the proactive greeting. */
  userText: string | null;
  agentText: string;
  intent: string;
  actions: string[];
  brain: BrainMode;
}

export interface ModelPreferences {
  /** "auto" picks WebLLM when the device can run it, else the Lite brain. */
  brain?: "auto" | "lite" | "webllm";
  /** WebLLM prebuilt model id (default Mistral-7B-Instruct-v0.3-q4f16_1-MLC). */
  webllmModel?: string;
  /** Absolute base URL for WebLLM weights and libs (self-hosted), when not the default. */
  webllmModelBaseUrl?: string;
  /** Whisper model: a hub id or a self-hosted base URL. */
  whisperModel?: string;
}

export interface VoiceAgentOptions {
  /** Base URL of the Parley relay, e.g. https://support.example.com. */
  relayUrl: string;
  siteId: string;
  /** Where the knowledge index lives when not on the relay. */
  knowledgeUrl?: string;
  /** Base URL of self-hosted model files (VAD, Whisper, embedder, wasm runtimes). */
  assetBaseUrl?: string;
  models?: ModelPreferences;
  /** BCP 47 language for STT and TTS voice choice, default "en". */
  language?: string;
  /** Bring your own audio (integrators, tests); default getUserMedia with AEC + NS. */
  getAudioStream?: () => Promise<MediaStream>;
  /** Silence after the call opens before the proactive greeting, default 2000 ms. */
  greetingAfterMs?: number;
  /**
   * (additive) The site as the agent speaks for it: company name (greeting), phone region and
   * time zone (entity normalisation). Default: company "our company", region "US", the
   * browser's time zone. `maxAnswerWords` caps a spoken answer (default 35; "tell me more" reads
   * on); `locale` picks the agent's sentence catalogue (default English).
   */
  site?: {
    company: string;
    defaultRegion?: string;
    timezone?: string;
    orderIdPattern?: string;
    maxAnswerWords?: number;
    locale?: string;
  };
  /**
   * (additive) How to start the pipeline's workers. Default: `new Worker(new URL(...),
   * { type: "module" })` next to the source (works with Vite); a prebuilt bundle passes its
   * own URLs (see widget/scripts/build-pipeline.ts).
   */
  workers?: Partial<Record<"stt" | "retrieval" | "webllm", () => Worker>>;
  /** (additive) Where Whisper runs: "auto" (WebGPU on a real GPU, else WASM), default "auto". */
  sttDevice?: "auto" | "wasm" | "webgpu";
  /**
   * (additive) Listen and transcribe, default true. A typed-only call passes false: it opens no
   * microphone, runs no VAD and loads no speech model, so the visitor can type even when the
   * speech model cannot be downloaded (`getAudioStream` is then not called).
   */
  speechRecognition?: boolean;
  /**
   * (additive) The pipeline's stages handed in instead of the defaults (Silero VAD, Whisper in a
   * worker, Web Speech): another voice, a site's own audio processing, another recogniser.
   */
  stages?: Partial<VoiceStages>;
}

export interface VoiceAgent {
  readonly state: AgentState;
  readonly mode: BrainMode | null;
  /** Open the call: microphone, models (with progress), session, greeting timer. */
  start(): Promise<void>;
  /** End the call (records it as completed). */
  stop(): Promise<void>;
  /** Typed input: the same dialogue core as speech. Works without a microphone. */
  sendText(text: string): Promise<void>;
  setMuted(muted: boolean): void;
  /**
   * (additive) While waiting for a person: take the transfer back and talk to the AI again.
   * During the human part, `stop()` hangs up instead.
   */
  cancelHandoff(): Promise<void>;
  /** Visitor's 1-5 rating at the end of a call. */
  rate(rating: 1 | 2 | 3 | 4 | 5): Promise<void>;
  on<K extends keyof VoiceAgentEvents>(
    event: K,
    handler: (payload: VoiceAgentEvents[K]) => void,
  ): () => void;
  /** Release workers and audio; the agent cannot be started again. */
  dispose(): void;
}
