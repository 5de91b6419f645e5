import { useSyncExternalStore } from "react";
import type { VoiceAgentOptions } from "../core/voice-agent";
import type { LoadAgent } from "../element/parley-agent-element";
import type { AgentSession } from "../ui/agent-session";
import type { WidgetSnapshot } from "../ui/view-model";
import type { VoiceAgentCallbacks } from "./callbacks";
import { useAgentSession } from "./use-agent-session";

export interface UseVoiceAgentOptions extends VoiceAgentOptions, VoiceAgentCallbacks {
  /** Replace how the pipeline is loaded (tests, custom bundling). Default: a lazy import. */
  createAgent?: LoadAgent;
}

export interface UseVoiceAgentResult extends WidgetSnapshot {
  /** Start a voice call: microphone, models (with progress), session. Never throws. */
  start: () => Promise<void>;
  /** End the call. */
  stop: () => Promise<void>;
  /** Send typed text through the same dialogue core; works without a microphone. */
  sendText: (text: string) => Promise<boolean>;
  setMuted: (muted: boolean) => void;
  /** After an error: a fresh attempt. */
  retry: () => Promise<void>;
  /** The visitor's 1–5 rating of an ended call. */
  rate: (rating: 1 | 2 | 3 | 4 | 5) => Promise<void>;
  /** The underlying session, for anything the hook does not surface. */
  session: AgentSession;
}

/**
 * Parley without its UI, for teams who build their own: state, live transcript, download
 * progress, mode and errors as React state, plus start/stop/sendText. The pipeline loads on
 * the first start() or sendText(), not on mount.
 */
export function useVoiceAgent(options: UseVoiceAgentOptions): UseVoiceAgentResult {
  const {
    createAgent,
    onStateChange,
    onCaption,
    onProgress,
    onModeChange,
    onError,
    onTimings,
    onAction,
    ...agent
  } = options;
  const session = useAgentSession(
    agent,
    {
      state: onStateChange,
      caption: onCaption,
      progress: onProgress,
      mode: onModeChange,
      error: onError,
      timings: onTimings,
      action: onAction,
    },
    createAgent,
  );
  const snapshot = useSyncExternalStore(
    session.subscribe,
    session.getSnapshot,
    session.getSnapshot,
  );
  return {
    ...snapshot,
    start: session.start,
    stop: session.stop,
    sendText: session.sendText,
    setMuted: session.setMuted,
    retry: session.retry,
    rate: session.rate,
    session,
  };
}
