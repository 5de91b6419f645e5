import type {
  AgentError,
  VoiceAgent,
  VoiceAgentEvents,
  VoiceAgentOptions,
} from "../core/voice-agent";
import { openMicrophone } from "../audio/microphone";
import { watchMicrophone } from "./microphone-watch";
import {
  applyAction,
  applyCaption,
  applyError,
  applyLevel,
  applyProgress,
  applyState,
  INITIAL_SNAPSHOT,
  type WidgetSnapshot,
} from "./view-model";

/**
 * The one framework-free controller every shell shares: it creates the voice agent lazily
 * (the pipeline's code is fetched only when the visitor starts), folds the agent's events into
 * a `WidgetSnapshot`, and turns every failure into an `AgentError` the UI can explain.
 * Nothing here throws to the caller: a shell's click handler can never break the host page.
 */

export type AgentEventCallbacks = {
  [K in keyof VoiceAgentEvents]?: (payload: VoiceAgentEvents[K]) => void;
};

export interface AgentSessionOptions {
  /**
   * Makes a fresh agent (typically a dynamic import of the pipeline, then createVoiceAgent),
   * with `overrides` on top of the shell's options (text-only calls pass
   * `speechRecognition: false`: no microphone, no VAD, no speech model).
   */
  createAgent: (overrides: Partial<VoiceAgentOptions>) => Promise<VoiceAgent>;
  /** Called with every agent event after the snapshot is updated. */
  callbacks?: AgentEventCallbacks;
  /**
   * The microphone of a voice call (default: getUserMedia with echo cancellation). The session
   * watches its tracks: a microphone unplugged mid-call ends the call with "microphone_lost".
   */
  getAudioStream?: () => Promise<MediaStream>;
}

export interface AgentSession {
  getSnapshot(): WidgetSnapshot;
  /** Listener runs after every snapshot change. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Start a voice call (microphone, models, session). Resolves when started or failed. */
  start(): Promise<void>;
  /** End the call. */
  stop(): Promise<void>;
  /**
   * Send typed text through the same dialogue core; works without a microphone. Resolves true
   * when the agent took the text, false when it could not (the error says why).
   */
  sendText(text: string): Promise<boolean>;
  setMuted(muted: boolean): void;
  /** After an error: a fresh agent and a new attempt. */
  retry(): Promise<void>;
  rate(rating: 1 | 2 | 3 | 4 | 5): Promise<void>;
  /** While waiting for a person: go back to the AI assistant. */
  cancelHandoff(): Promise<void>;
  /** The current agent, if one was created (for integrators who need the raw events). */
  readonly agent: VoiceAgent | null;
  /** True once dispose() ran: a disposed session ignores every call. */
  readonly disposed: boolean;
  dispose(): void;
}

const EVENT_NAMES = [
  "state",
  "caption",
  "progress",
  "mode",
  "error",
  "timings",
  "level",
  "action",
  "handoff",
] as const;

export function createAgentSession(options: AgentSessionOptions): AgentSession {
  let snapshot = INITIAL_SNAPSHOT;
  const listeners = new Set<() => void>();
  let agent: VoiceAgent | null = null;
  let creating: Promise<VoiceAgent | null> | null = null;
  let unsubscribers: Array<() => void> = [];
  let disposed = false;
  let errorsThisAttempt = 0;
  /** The attempt's first error: when the relay is down, later failures are consequences. */
  let rootCause: AgentError | null = null;
  /** True once the current agent's start() resolved without failing: it accepts sendText. */
  let started = false;
  /** Set when the current attempt failed for good (thrown, or the pipeline could not load). */
  let attemptFailed = false;

  const set = (next: WidgetSnapshot) => {
    if (next === snapshot) return;
    snapshot = next;
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        console.error("parley: a widget listener failed", error);
      }
    }
  };

  /** A failure that ends the attempt (the call is not running). */
  const fail = (error: AgentError) => {
    errorsThisAttempt++;
    attemptFailed = true;
    set(applyError({ ...snapshot, state: "error" }, explain(error)));
  };

  /**
   * The agent reported a problem. It may be fatal (a state "error" follows) or not (the relay is
   * unreachable but the call goes on on-device): the state events decide whether the call runs.
   */
  const reported = (error: AgentError) => {
    errorsThisAttempt++;
    rootCause ??= error;
    set({ ...snapshot, error: explain(error) });
  };

  /** When the relay is unreachable, a failed index download is its consequence: say the cause. */
  const explain = (error: AgentError): AgentError =>
    rootCause && rootCause.code === "relay_unreachable" && error.code === "download_failed"
      ? { ...rootCause, retryable: error.retryable || rootCause.retryable }
      : error;

  const call = <K extends keyof VoiceAgentEvents>(name: K, payload: VoiceAgentEvents[K]) => {
    const callback = options.callbacks?.[name] as ((p: VoiceAgentEvents[K]) => void) | undefined;
    if (!callback) return;
    try {
      callback(payload);
    } catch (error) {
      console.error(`parley: the ${name} callback failed`, error);
    }
  };

  const attach = (a: VoiceAgent) => {
    // Events the snapshot folds in; others (turn summaries, barge-in…) go to callbacks only.
    const handlers: { [K in keyof VoiceAgentEvents]?: (p: VoiceAgentEvents[K]) => void } = {
      state: (state) => set(applyState(snapshot, state)),
      caption: (caption) => set(applyCaption(snapshot, caption)),
      progress: (progress) => set(applyProgress(snapshot, progress)),
      mode: (mode) => set({ ...snapshot, mode }),
      error: (error) => reported(error),
      level: (level) => set(applyLevel(snapshot, level)),
      action: (action) => set(applyAction(snapshot, action, Date.now())),
      handoff: (handoff) => set({ ...snapshot, handoff }),
    };
    const listen = <K extends keyof VoiceAgentEvents>(name: K) =>
      a.on(name, (payload) => {
        if (a !== agent) return; // a late event from a replaced agent
        handlers[name]?.(payload);
        call(name, payload);
      });
    unsubscribers = EVENT_NAMES.map((name) => listen(name));
  };

  const release = () => {
    for (const off of unsubscribers) off();
    unsubscribers = [];
    const old = agent;
    agent = null;
    if (old) {
      try {
        old.dispose();
      } catch (error) {
        console.error("parley: disposing the agent failed", error);
      }
    }
  };

  const ensureAgent = async (
    overrides: Partial<VoiceAgentOptions> = {},
  ): Promise<VoiceAgent | null> => {
    if (disposed) return null;
    if (agent) return agent;
    if (!creating) {
      creating = (async () => {
        try {
          const created = await options.createAgent(overrides);
          if (disposed) {
            created.dispose();
            return null;
          }
          agent = created;
          attach(created);
          return created;
        } catch (error) {
          fail({
            code: "download_failed",
            message: `The voice assistant could not be loaded: ${messageOf(error)}`,
            retryable: true,
          });
          return null;
        } finally {
          creating = null;
        }
      })();
    }
    return creating;
  };

  /** Runs an agent operation; a rejection becomes an explained error unless one was emitted. */
  const guarded = async (
    operation: (a: VoiceAgent) => Promise<void>,
    overrides?: Partial<VoiceAgentOptions>,
  ): Promise<void> => {
    const before = errorsThisAttempt;
    const a = await ensureAgent(overrides);
    if (!a) return;
    try {
      await operation(a);
    } catch (error) {
      if (errorsThisAttempt === before) fail(toAgentError(error));
    }
  };

  const begin = async (textOnly: boolean) => {
    if (disposed || snapshot.inCall || snapshot.preparing) return;
    // A finished or failed agent cannot be reused: one call per agent.
    if (
      agent &&
      (agent.state === "ended" || agent.state === "error" || textOnly !== snapshot.textOnly)
    )
      release();
    rootCause = null;
    started = false;
    attemptFailed = false;
    set({ ...snapshot, preparing: true, error: null, rating: null, textOnly, handoff: null });
    const overrides: Partial<VoiceAgentOptions> = textOnly
      ? { speechRecognition: false }
      : { getAudioStream: watchedMicrophone };
    await guarded((a) => a.start(), overrides);
    const state = agent?.state;
    started =
      !attemptFailed &&
      state !== undefined &&
      state !== "idle" &&
      state !== "error" &&
      state !== "ended";
    if (snapshot.preparing) set({ ...snapshot, preparing: false });
  };
  /** A voice call's microphone, watched: if its track ends mid-call, the call ends and says so. */
  const watchedMicrophone = async (): Promise<MediaStream> => {
    const stream = await (options.getAudioStream ?? openMicrophone)();
    const owner = agent; // set before the agent's start() asks for its stream
    watchMicrophone(stream, () => void microphoneLost(owner));
    return stream;
  };
  const microphoneLost = async (lostBy: VoiceAgent | null) => {
    // A stream from an earlier call ending late (or after the visitor hung up) is not news.
    if (!lostBy || lostBy !== agent || disposed || !snapshot.inCall) return;
    reported({
      code: "microphone_lost",
      message: "the microphone was disconnected during the call",
      retryable: true,
    });
    await guarded((a) => a.stop());
  };

  const start = async () => {
    // From a typed conversation to a spoken one: close the text-only call, open a voice call.
    if (snapshot.textOnly && snapshot.inCall && agent) {
      await guarded((a) => a.stop());
      release();
      set({ ...snapshot, inCall: false, state: "idle" });
    }
    await begin(false);
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start,
    async stop() {
      if (!agent) return;
      await guarded((a) => a.stop());
    },
    async sendText(text) {
      const trimmed = text.trim();
      if (!trimmed || disposed) return false;
      // No running call (typed first, or the microphone was refused): open a text-only one.
      const running =
        agent !== null && started && agent.state !== "ended" && agent.state !== "error";
      if (!running) {
        if (snapshot.preparing) return false;
        await begin(true);
        if (!agent || !started) return false;
      }
      const before = errorsThisAttempt;
      await guarded((a) => a.sendText(trimmed));
      return errorsThisAttempt === before || !attemptFailed;
    },
    setMuted(muted) {
      set({ ...snapshot, muted });
      try {
        agent?.setMuted(muted);
      } catch (error) {
        console.error("parley: muting failed", error);
      }
    },
    async retry() {
      const textOnly = snapshot.textOnly;
      release();
      set({ ...snapshot, error: null, state: "idle", inCall: false });
      await begin(textOnly);
    },
    async rate(rating) {
      set({ ...snapshot, rating });
      if (agent) await guarded((a) => a.rate(rating));
    },
    async cancelHandoff() {
      if (agent) await guarded((a) => a.cancelHandoff());
    },
    get agent() {
      return agent;
    },
    get disposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      release();
      listeners.clear();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const KNOWN_CODES = new Set<AgentError["code"]>([
  "microphone_denied",
  "no_microphone",
  "microphone_lost",
  "relay_unreachable",
  "download_failed",
  "unsupported_browser",
  "internal",
]);

/** A thrown value as an AgentError: typed errors keep their code, DOMExceptions are mapped. */
export function toAgentError(error: unknown): AgentError {
  if (typeof error === "object" && error !== null) {
    const e = error as { code?: unknown; name?: unknown; message?: unknown; retryable?: unknown };
    if (typeof e.code === "string" && KNOWN_CODES.has(e.code as AgentError["code"])) {
      return {
        code: e.code as AgentError["code"],
        message: typeof e.message === "string" ? e.message : e.code,
        retryable: typeof e.retryable === "boolean" ? e.retryable : true,
      };
    }
    if (e.name === "NotAllowedError" || e.name === "SecurityError") {
      return { code: "microphone_denied", message: messageOf(error), retryable: true };
    }
    if (e.name === "NotFoundError" || e.name === "OverconstrainedError") {
      return { code: "no_microphone", message: messageOf(error), retryable: true };
    }
  }
  return { code: "internal", message: messageOf(error), retryable: true };
}
