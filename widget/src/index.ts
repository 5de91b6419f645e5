export type * from "./core/voice-agent";
// The framework-free voice pipeline (issue 6).
export { createVoiceAgent } from "./core/create-voice-agent";
export { failureNotice } from "./core/action-sender";
// The stages `createVoiceAgent({ stages })` takes, and the interfaces they implement.
export type { StageContext, VoiceStages } from "./core/voice-stages";
export type { SpeechInput, SpeechInputEvents } from "./audio/speech-input";
export type { SpeechToText, Transcript } from "./stt/speech-to-text";
export type { Speaker, SpeakerEvents, SpokenOutcome } from "./tts/speaker";

// Shells over the pipeline (issue 7). `VoiceAgent` here is the React component; the pipeline's
// interface of the same name is exported as `VoiceAgentController`.
export type { VoiceAgent as VoiceAgentController } from "./core/voice-agent";
export { VoiceAgent, type VoiceAgentProps } from "./react/VoiceAgent";
export {
  useVoiceAgent,
  type UseVoiceAgentOptions,
  type UseVoiceAgentResult,
} from "./react/use-voice-agent";
export type { VoiceAgentCallbacks } from "./react/callbacks";
export type { VoiceAgentTheme } from "./react/theme";
export {
  createAgentSession,
  type AgentSession,
  type AgentSessionOptions,
  type AgentEventCallbacks,
} from "./ui/agent-session";
export type { WidgetSnapshot, TranscriptItem, ProgressSummary } from "./ui/view-model";
export { DEFAULT_TEXTS, type WidgetTexts } from "./ui/strings";
export { mountPanel, type PanelView, type PanelViewOptions } from "./ui/panel-view";
export {
  defineParleyElement,
  PARLEY_ELEMENT_TAG,
  type LoadAgent,
} from "./element/parley-agent-element";
export { registerParleyElement } from "./element/register";
