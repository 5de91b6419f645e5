import { ACTIONS, type ActionResult } from "@parley/protocol";
import type { AgentErrorCode, AgentState, BrainMode } from "../core/voice-agent";

/**
 * Everything the visitor reads, in one place so a site can override it (`texts` option) and
 * so translations have a single file to start from. Plain strings: no markup, no HTML.
 */
export interface WidgetTexts {
  launcher: string;
  title: string;
  close: string;
  startCall: string;
  endCall: string;
  newCall: string;
  mute: string;
  unmute: string;
  mutedStatus: string;
  typeStatus: string;
  switchToVoice: string;
  send: string;
  textPlaceholder: string;
  textLabel: string;
  typeInstead: string;
  retry: string;
  privacyTitle: string;
  privacy: string;
  privacyAccept: string;
  firstTimeOnly: string;
  fromCache: string;
  captionsLabel: string;
  you: string;
  agent: string;
  humanAgent: string;
  /** Summary of an agent caption that expands to the whole passage the answer came from. */
  fullAnswer: string;
  rateQuestion: string;
  thanksForRating: string;
  modeWebllm: string;
  modeLite: string;
  states: Record<AgentState, string>;
  /** The transfer to a person; `{name}`, `{time}`, `{position}`, `{ticket}` are filled in. */
  handoff: {
    waitingFor: string;
    waitingForAnyone: string;
    queuePosition: string;
    backToAi: string;
    connectedTo: string;
    voiceConnecting: string;
    voiceConnected: string;
    voiceFailed: string;
    chatOnly: string;
    resolution: string;
    ticket: string;
    unavailable: string;
  };
  errors: Record<AgentErrorCode, string>;
  /** Short status-bar titles for the same errors. */
  errorTitles: Record<AgentErrorCode, string>;
}

export const DEFAULT_TEXTS: WidgetTexts = {
  launcher: "Talk to us",
  title: "Support",
  close: "Close",
  startCall: "Start voice call",
  endCall: "End call",
  newCall: "New call",
  mute: "Mute",
  unmute: "Unmute",
  mutedStatus: "Muted: the assistant can't hear you",
  typeStatus: "Type your message below",
  switchToVoice: "Talk instead",
  send: "Send",
  textPlaceholder: "Type your question…",
  textLabel: "Type a message instead of speaking",
  typeInstead: "Type instead",
  retry: "Try again",
  privacyTitle: "Before we start",
  privacy:
    "Your voice is processed on this device: audio never leaves your browser. " +
    "To follow up, this site stores the conversation text and any contact details you give.",
  privacyAccept: "Start voice call",
  firstTimeOnly: "First time only: the next visit starts instantly.",
  fromCache: "Loading from this device",
  captionsLabel: "Conversation",
  you: "You",
  agent: "Assistant",
  humanAgent: "Support agent",
  fullAnswer: "Full answer",
  rateQuestion: "How did we do?",
  thanksForRating: "Thanks for your feedback.",
  modeWebllm: "Full on-device AI",
  modeLite: "Lite mode",
  states: {
    idle: "Ready when you are",
    requesting_microphone: "Asking for your microphone…",
    loading: "Getting ready…",
    listening: "Listening…",
    thinking: "Thinking…",
    speaking: "Speaking…",
    waiting_for_human: "Connecting you to a person…",
    with_human: "You're talking with a support agent",
    ended: "Call ended",
    error: "Something went wrong",
  },
  handoff: {
    waitingFor: "Waiting for {name} · {time}",
    waitingForAnyone: "Waiting for a support agent · {time}",
    queuePosition: "You're number {position} in the queue.",
    backToAi: "Back to the assistant",
    connectedTo: "You're now connected to {name}",
    voiceConnecting: "Connecting your voice…",
    voiceConnected: "Voice connected: just talk.",
    voiceFailed: "Voice isn't available on this connection: chat with {name} below.",
    chatOnly: "Type below to chat with {name}.",
    resolution: "{name}: {resolution}",
    ticket: "Your ticket number is {ticket}.",
    unavailable:
      "No specialist is free right now. Tell the assistant when we should call you back, or ask for a follow-up by email.",
  },
  errors: {
    microphone_denied:
      "Microphone access was denied. You can type your question below, or allow the microphone in your browser and try again.",
    no_microphone: "No microphone was found. You can type your question below instead.",
    microphone_lost: "The microphone stopped working. Check it and try again, or type below.",
    relay_unreachable:
      "We can't reach support right now, so messages, tickets and callbacks can't be arranged. Check your connection and try again in a moment.",
    // No "try again" here: the Try again button shows only when another attempt can help.
    download_failed: "A download failed, so the assistant couldn't start.",
    unsupported_browser:
      "This browser can't run the voice assistant. You can type your question below instead.",
    internal: "Something went wrong on our side. Please try again.",
  },
  errorTitles: {
    microphone_denied: "Microphone blocked",
    no_microphone: "No microphone",
    microphone_lost: "Microphone stopped",
    relay_unreachable: "Support unreachable",
    download_failed: "Download failed",
    unsupported_browser: "Browser not supported",
    internal: "Something went wrong",
  },
};

/** Errors after which typing is the visitor's best way forward. */
export const ERRORS_OFFERING_TEXT: ReadonlySet<AgentErrorCode> = new Set([
  "microphone_denied",
  "no_microphone",
  "microphone_lost",
  "unsupported_browser",
]);

export function modeLabel(texts: WidgetTexts, mode: BrainMode): string {
  return mode === "webllm" ? texts.modeWebllm : texts.modeLite;
}

/** One line for the transcript when the relay reports what happened to a follow-up. */
export function describeAction(action: ActionResult): string {
  const definition = ACTIONS[action.type];
  switch (action.status) {
    case "failed":
      return `${definition.label} could not be completed${action.error ? `: ${action.error.message}` : "."}`;
    case "queued":
    case "sending":
      return `${definition.label}: on its way…`;
    default: {
      // "Support ticket {ticketNumber} created", filled from the relay's result.
      const values: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(action.result ?? {}))
        if (typeof value === "string" || typeof value === "number") values[key] = value;
      const done = fill(definition.doneText, values);
      return /\{\w+\}/.test(done) ? `${definition.label} done` : done;
    }
  }
}

/** Fills `{key}` placeholders of a visitor-facing text. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** "1:05" — a wait as minutes and seconds. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** "12.3 MB" — decimal units, as download sizes are usually shown. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(0)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}
