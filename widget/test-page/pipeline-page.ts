/**
 * The pipeline's test and benchmark page: `createVoiceAgent` with nothing around it, every
 * event logged in `window.parleyTest.log` so Playwright can follow the conversation.
 */
import { createVoiceAgent } from "../src/core/create-voice-agent";
import type { VoiceAgent, VoiceAgentEvents, VoiceAgentOptions } from "../src/core/voice-agent";

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
}

declare global {
  interface Window {
    parleyTest: ParleyTestApi;
    __parleyTestMic?: { getStream(): MediaStream };
  }
}

const worker = (file: string) => () =>
  new Worker(new URL(file, import.meta.url), { type: "module" });

const api: ParleyTestApi = {
  log: [],
  agent: null,
  speech: [],
  async start(options) {
    const { injectedMic, ...rest } = options;
    const agent = createVoiceAgent({
      ...rest,
      workers: { stt: worker("./whisper.worker.js"), retrieval: worker("./retrieval.worker.js") },
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

window.parleyTest = api;
