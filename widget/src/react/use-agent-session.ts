import { useEffect, useRef, useState } from "react";
import { openMicrophone } from "../audio/microphone";
import type { VoiceAgentOptions } from "../core/voice-agent";
import type { LoadAgent } from "../element/parley-agent-element";
import { loadBundledAgent } from "../loader/load-bundled-agent";
import {
  createAgentSession,
  type AgentEventCallbacks,
  type AgentSession,
} from "../ui/agent-session";

/**
 * One AgentSession per mounted component, created on first render and disposed on unmount
 * (re-created when React StrictMode mounts twice). Options and callbacks are read at call time
 * through refs, so changing a callback prop never restarts a call.
 */
export function useAgentSession(
  options: VoiceAgentOptions,
  callbacks: AgentEventCallbacks,
  createAgent: LoadAgent | undefined,
): AgentSession {
  const optionsRef = useRef(options);
  const callbacksRef = useRef(callbacks);
  const createRef = useRef(createAgent);
  optionsRef.current = options;
  callbacksRef.current = callbacks;
  createRef.current = createAgent;

  const make = () =>
    createAgentSession({
      createAgent: (overrides) =>
        (createRef.current ?? loadBundledAgent)({ ...optionsRef.current, ...overrides }),
      callbacks: forward(callbacksRef),
      // The session watches the microphone it opens (unplugged mid-call → microphone_lost).
      getAudioStream: () => (optionsRef.current.getAudioStream ?? openMicrophone)(),
    });
  const [session, setSession] = useState<AgentSession>(make);

  useEffect(() => {
    let current = session;
    if (current.disposed) {
      current = make();
      setSession(current);
    }
    return () => current.dispose();
  }, [session]);

  return session;
}

function forward(ref: { current: AgentEventCallbacks }): AgentEventCallbacks {
  return {
    state: (p) => ref.current.state?.(p),
    caption: (p) => ref.current.caption?.(p),
    progress: (p) => ref.current.progress?.(p),
    mode: (p) => ref.current.mode?.(p),
    error: (p) => ref.current.error?.(p),
    timings: (p) => ref.current.timings?.(p),
    level: (p) => ref.current.level?.(p),
    action: (p) => ref.current.action?.(p),
  };
}
