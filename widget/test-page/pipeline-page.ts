/**
 * The pipeline's test and benchmark page: `createVoiceAgent` with nothing around it, every
 * event logged in `window.parleyTest.log` so Playwright can follow the conversation.
 */
import { createVoiceAgent } from "../src/core/create-voice-agent";
import type { VoiceAgent, VoiceAgentEvents, VoiceAgentOptions } from "../src/core/voice-agent";
// `window.__parleyTestMic` (the injected microphone the tests install) is declared there.
import type {} from "../../packages/test-rig/src/injected-mic";

type LogEntry = {
  [K in keyof VoiceAgentEvents]: { event: K; payload: VoiceAgentEvents[K]; t: number };
}[keyof VoiceAgentEvents];

interface ParleyTestApi {
  log: LogEntry[];
  agent: VoiceAgent | null;
  start(
    options: Omit<VoiceAgentOptions, "workers" | "getAudioStream"> & { injectedMic?: boolean },
  ): Promise<void>;
  /** Speech-synthesis utterance events as the page saw them (start, end, error). */
  speech: { type: string; text: string; t: number; error?: string }[];
  /**
   * Every speech segment the VAD handed to Whisper (copied before the worker takes it), with
   * what Whisper made of it: lets a failing test show whether audio was lost before STT.
   */
  segments: SegmentRecord[];
  /** What the Whisper worker reported on load (device, threads, isolation). */
  sttLoaded: Record<string, unknown> | null;
  /** The VAD's last frames (probability, level, when processed): explains a slow barge-in. */
  frames: { probability: number; level: number; at: number }[];
  /** When the barge-in detector was armed and disarmed. */
  bargeInTrace: { what: "arm" | "disarm"; t: number }[];
}

interface SegmentRecord {
  id: number;
  samples: number;
  durationMs: number;
  postedAt: number;
  audio: Float32Array;
  text?: string;
  sttMs?: number;
}

declare global {
  interface Window {
    parleyTest: ParleyTestApi;
  }
}

const worker = (file: string) => () =>
  new Worker(new URL(file, import.meta.url), { type: "module" });

/** The Whisper worker, watched: segments in (copied before transfer), transcripts out. */
const watchedWhisperWorker = () => {
  const w = worker("./whisper.worker.js")();
  const post = w.postMessage.bind(w) as (message: unknown, transfer?: Transferable[]) => void;
  w.postMessage = ((message: unknown, transfer?: Transferable[]) => {
    const m = message as { type?: string; id?: number; audio?: Float32Array };
    if (m.type === "transcribe" && m.audio && m.id !== undefined) {
      api.segments.push({
        id: m.id,
        samples: m.audio.length,
        durationMs: (m.audio.length / 16000) * 1000,
        postedAt: performance.now(),
        audio: m.audio.slice(),
      });
    }
    post(message, transfer);
  }) as Worker["postMessage"];
  w.addEventListener("message", (event: MessageEvent) => {
    const m = event.data as { type?: string; id?: number; text?: string; ms?: number };
    if (m.type === "loaded") api.sttLoaded = { ...(event.data as Record<string, unknown>) };
    if (m.type === "transcript") {
      const segment = api.segments.find((s) => s.id === m.id);
      if (segment) Object.assign(segment, { text: m.text, sttMs: m.ms });
    }
  });
  return w;
};

const api: ParleyTestApi = {
  log: [],
  agent: null,
  speech: [],
  segments: [],
  sttLoaded: null,
  frames: [],
  bargeInTrace: [],
  async start(options) {
    const { injectedMic, ...rest } = options;
    const agent = createVoiceAgent({
      ...rest,
      workers: { stt: watchedWhisperWorker, retrieval: worker("./retrieval.worker.js") },
      ...(injectedMic && window.__parleyTestMic
        ? { getAudioStream: async () => window.__parleyTestMic!.getStream() }
        : {}),
    });
    api.agent = agent;
    const events: (keyof VoiceAgentEvents)[] = [
      "state",
      "caption",
      "mode",
      "error",
      "timings",
      "action",
      "bargeIn",
      "turn",
    ];
    for (const event of events) {
      agent.on(event, (payload) =>
        api.log.push({ event, payload, t: performance.now() } as LogEntry),
      );
    }
    await agent.start();
    watchInternals(agent);
  },
};

// Watch every utterance the page speaks (start/end/error), independent of the pipeline's own events.
const originalSpeak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
  utterance.addEventListener("start", () =>
    api.speech.push({ type: "start", text: utterance.text, t: performance.now() }),
  );
  utterance.addEventListener("end", () =>
    api.speech.push({ type: "end", text: utterance.text, t: performance.now() }),
  );
  utterance.addEventListener("error", (e) =>
    api.speech.push({
      type: "error",
      text: utterance.text,
      t: performance.now(),
      error: (e as SpeechSynthesisErrorEvent).error,
    }),
  );
  originalSpeak(utterance);
};

/**
 * Test-only view into the agent's listening stage and barge-in detector (private fields): every
 * VAD frame and every arm/disarm, so a slow barge-in can be told apart as "frames arrived late",
 * "speech scored low" or "detector not armed".
 */
function watchInternals(agent: VoiceAgent): void {
  const internals = agent as unknown as {
    input?: { on(event: "frame", handler: (f: ParleyTestApi["frames"][number]) => void): void };
    voice?: { bargeIn: { arm(): void; disarm(): void } };
  };
  internals.input?.on("frame", (frame) => {
    api.frames.push(frame);
    if (api.frames.length > 1000) api.frames.splice(0, 500);
  });
  const detector = internals.voice?.bargeIn;
  if (!detector) return;
  for (const what of ["arm", "disarm"] as const) {
    const original = detector[what].bind(detector);
    detector[what] = () => {
      api.bargeInTrace.push({ what, t: performance.now() });
      original();
    };
  }
}

window.parleyTest = api;
