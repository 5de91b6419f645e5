import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { SpeechInput, SpeechInputEvents } from "../audio/speech-input";
import type { RetrievalRequest, RetrievalResponse } from "../retrieval/retrieval-protocol";
import type { SpeechToText } from "../stt/speech-to-text";
import { Emitter } from "./emitter";
import type { Speaker, SpeakerEvents, SpokenOutcome } from "../tts/speaker";
import { createVoiceAgent } from "./create-voice-agent";
import type { VoiceAgent, VoiceAgentEvents, VoiceAgentOptions } from "./voice-agent";
import type { VoiceStages } from "./voice-stages";

/**
 * `createVoiceAgent` takes its listening, transcribing and speaking stages as options: the
 * pipeline runs a conversation on the stages it is handed (a turn, the greeting, a barge-in), and
 * a typed call builds no listening stage and opens no microphone. Node has no Worker, microphone
 * or speech synthesis, so the stages and the retrieval worker here are small in-process stand-ins;
 * the dialogue core and the Lite brain are the real ones. The relay refuses everything (400), which
 * the pipeline reports and talks through.
 */

/** A listening stage the test drives: it emits frames and utterances when told. */
class DrivenInput implements SpeechInput {
  readonly events = new Emitter<SpeechInputEvents>();
  started = false;
  async start(): Promise<void> {
    this.started = true;
  }
  async pause(): Promise<void> {}
  async resume(): Promise<void> {}
  async destroy(): Promise<void> {}
  on<K extends keyof SpeechInputEvents>(event: K, handler: (p: SpeechInputEvents[K]) => void) {
    return this.events.on(event, handler);
  }
}

/** A voice that "says" each sentence in `sentenceMs` and records what it said or was cut. */
class RecordingSpeaker implements Speaker {
  readonly said: string[] = [];
  readonly cancelled: string[] = [];
  private readonly events = new Emitter<SpeakerEvents>();
  private queue: Array<{ text: string; done: (o: SpokenOutcome) => void }> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(private readonly sentenceMs: number) {}
  get speaking(): boolean {
    return this.queue.length > 0;
  }
  speak(sentence: string): Promise<SpokenOutcome> {
    return new Promise((done) => {
      this.queue.push({ text: sentence.trim(), done });
      if (this.queue.length === 1) this.next();
    });
  }
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    const dropped = this.queue.splice(0);
    for (const item of dropped) {
      this.cancelled.push(item.text);
      item.done("cancelled");
    }
  }
  on<K extends keyof SpeakerEvents>(event: K, handler: (p: SpeakerEvents[K]) => void) {
    return this.events.on(event, handler);
  }
  private next(): void {
    const item = this.queue[0];
    if (!item) return;
    this.events.emit("audible", { text: item.text, at: performance.now() });
    this.timer = setTimeout(() => {
      this.queue.shift();
      this.said.push(item.text);
      item.done("spoken");
      this.next();
    }, this.sentenceMs);
  }
}

/** Whisper's stand-in: each segment is "heard" as the next line of the script. */
function scriptedRecognizer(lines: string[]): SpeechToText & { heard: number } {
  return {
    heard: 0,
    async load() {},
    async transcribe() {
      const text = lines[this.heard++];
      return text ? { text, ms: 1 } : null;
    },
    dispose() {},
  };
}

/** The retrieval worker's stand-in: an empty knowledge base. */
function emptyKnowledgeWorker(): Worker {
  const worker = {
    onmessage: null as ((e: MessageEvent<RetrievalResponse>) => void) | null,
    onerror: null,
    postMessage(request: RetrievalRequest) {
      const reply = (data: RetrievalResponse) =>
        queueMicrotask(() => worker.onmessage?.({ data } as MessageEvent<RetrievalResponse>));
      if (request.type === "load") {
        reply({
          type: "loaded",
          ms: 1,
          summary: {
            embedderId: "none",
            chunks: 0,
            threshold: { noAnswerBelow: 0.5 },
            documents: [],
            fromCache: false,
          },
        });
      } else reply({ type: "hits", id: request.id, hits: [], ms: 1 });
    },
    terminate() {},
  };
  return worker as unknown as Worker;
}

let relay: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  relay = null;
});

/** A relay on 127.0.0.1 that refuses every request (not retryable): the call goes on without it. */
async function refusingRelay(): Promise<string> {
  relay = createServer((_, res) => {
    res
      .writeHead(400, { "content-type": "application/json" })
      .end(JSON.stringify({ error: { code: "bad_request", message: "no", retryable: false } }));
  });
  await new Promise<void>((resolve) => relay!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(relay!.address() as AddressInfo).port}`;
}

function follow(agent: VoiceAgent) {
  const seen: Array<{ event: keyof VoiceAgentEvents; payload: unknown }> = [];
  for (const event of ["state", "turn", "bargeIn"] as const) {
    agent.on(event, (payload) => seen.push({ event, payload }));
  }
  return seen;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function baseOptions(): Promise<VoiceAgentOptions> {
  return {
    relayUrl: await refusingRelay(),
    siteId: "techcorp",
    knowledgeUrl: "http://127.0.0.1/knowledge/",
    assetBaseUrl: "http://127.0.0.1/parley/",
    models: { brain: "lite" },
    site: { company: "TechCorp", defaultRegion: "IN", timezone: "Asia/Kolkata" },
    workers: { retrieval: emptyKnowledgeWorker },
  };
}

describe("createVoiceAgent with stages handed in", () => {
  it("listens, transcribes and speaks through the given stages, and the visitor can barge in", async () => {
    const inputs: Array<{ input: DrivenInput; stream: MediaStream }> = [];
    const speaker = new RecordingSpeaker(150);
    const recognizer = scriptedRecognizer(["Hello", "I want to schedule a callback"]);
    const microphone = { id: "the visitor's microphone" } as unknown as MediaStream;
    const stages: VoiceStages = {
      speechInput: (stream, context) => {
        expect(context.assetBaseUrl).toBe("http://127.0.0.1/parley/");
        const input = new DrivenInput();
        inputs.push({ input, stream });
        return input;
      },
      speechToText: () => recognizer,
      speaker: () => speaker,
    };
    const agent = createVoiceAgent({
      ...(await baseOptions()),
      getAudioStream: async () => microphone,
      greetingAfterMs: 60_000,
      stages,
    });
    const seen = follow(agent);
    await agent.start();
    expect(agent.state).toBe("listening");
    expect(inputs).toHaveLength(1);
    expect(inputs[0]!.stream).toBe(microphone);
    expect(inputs[0]!.input.started).toBe(true);

    // An utterance: transcribed by the given recogniser, answered by the given voice.
    const { input } = inputs[0]!;
    const at = performance.now();
    input.events.emit("speechEnd", { audio: new Float32Array(1600), endedAt: at, at });
    await until(() => seen.some((s) => s.event === "turn"));
    const turn = seen.find((s) => s.event === "turn")!.payload as {
      userText: string;
      agentText: string;
    };
    expect(turn.userText).toBe("Hello");
    await until(() => agent.state === "listening" && speaker.said.length > 0);
    expect(speaker.said.join(" ")).toBe(turn.agentText);

    // The next answer is talked over: confident, loud frames while it speaks stop the voice.
    input.events.emit("speechEnd", { audio: new Float32Array(1600), endedAt: at, at });
    await until(() => agent.state === "speaking");
    for (let i = 0; i < 4; i++) {
      input.events.emit("frame", { probability: 0.95, level: 0.3, at: performance.now() });
    }
    await until(() => seen.some((s) => s.event === "bargeIn"));
    expect(speaker.cancelled.length).toBeGreaterThan(0);
    expect(agent.state).toBe("listening");
    expect(recognizer.heard).toBe(2);
    await agent.stop();
    agent.dispose();
  });

  it("a typed call opens no microphone and builds no listening or speech-recognition stage", async () => {
    let microphoneAsked = 0;
    let listeningBuilt = 0;
    let recognizerBuilt = 0;
    const speaker = new RecordingSpeaker(10);
    const agent = createVoiceAgent({
      ...(await baseOptions()),
      speechRecognition: false,
      getAudioStream: async () => {
        microphoneAsked++;
        return {} as MediaStream;
      },
      greetingAfterMs: 60_000,
      stages: {
        speechInput: () => {
          listeningBuilt++;
          return new DrivenInput();
        },
        speechToText: () => {
          recognizerBuilt++;
          return scriptedRecognizer([]);
        },
        speaker: () => speaker,
      },
    });
    const seen = follow(agent);
    await agent.start();
    expect(agent.state).toBe("listening");
    expect(seen.map((s) => s.payload)).not.toContain("requesting_microphone");
    await agent.sendText("Hello");
    await until(() => speaker.said.length > 0);
    expect(seen.some((s) => s.event === "turn")).toBe(true);
    expect({ microphoneAsked, listeningBuilt, recognizerBuilt }).toEqual({
      microphoneAsked: 0,
      listeningBuilt: 0,
      recognizerBuilt: 0,
    });
    await agent.stop();
    agent.dispose();
  });
});
