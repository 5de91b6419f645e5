import type { ActionResult } from "@parley/protocol";
import type {
  AgentError,
  AgentState,
  BrainMode,
  Caption,
  LoadProgress,
  TurnTimingEvent,
} from "../core/voice-agent";

/** Event props shared by `<VoiceAgent>` and `useVoiceAgent`. All optional; none may throw. */
export interface VoiceAgentCallbacks {
  /** The agent's state changed (idle, listening, thinking, speaking…). */
  onStateChange?: (state: AgentState) => void;
  /** A caption line appeared or was updated (interim visitor captions share an id). */
  onCaption?: (caption: Caption) => void;
  /** A model or file made download progress. */
  onProgress?: (progress: LoadProgress) => void;
  /** Which brain runs: full on-device AI ("webllm") or "lite", and why. */
  onModeChange?: (mode: { mode: BrainMode; reason: string }) => void;
  /** Something failed; `retryable` says whether offering "Try again" makes sense. */
  onError?: (error: AgentError) => void;
  /** Per-turn latency (ms from the end of the visitor's speech). */
  onTimings?: (timings: TurnTimingEvent) => void;
  /** A follow-up (SMS, email, WhatsApp, ticket…) was reported by the relay. */
  onAction?: (action: ActionResult) => void;
}
