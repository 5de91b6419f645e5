import type { ActionRequest, ActionResult, CallEvent, SiteProfile } from "@parley/protocol";
import { DialogueEngine, LiteBrain, type Brain, type EngineTurn } from "@parley/agent-core";
import { ASSET_PATHS } from "../assets/asset-manifest";
import { openMicrophone, toMicrophoneError } from "../audio/microphone";
import type { SpeechInput } from "../audio/speech-input";
import { VadSpeechInput } from "../audio/vad-speech-input";
import { checkWebLlmCapability, type Capability, type GpuLike } from "../brain/webllm/capability";
import { CallRecorder, type UnsequencedEvent } from "../relay/call-recorder";
import { RelayClient } from "../relay/relay-client";
import { RelayError } from "../relay/relay-errors";
import { RetrievalWorkerClient } from "../retrieval/retrieval-worker-client";
import { WhisperWorkerClient } from "../stt/whisper-worker-client";
import { TurnClock } from "../timing/turn-clock";
import { SentenceSplitter } from "../tts/sentence-splitter";
import { WebSpeechSpeaker } from "../tts/web-speech-speaker";
import { BargeInDetector } from "../turns/barge-in-detector";
import { GreetingTimer } from "../turns/greeting-timer";
import { defaultWorkers } from "./default-workers";
import { Emitter } from "./emitter";
import { isRetryableLoadError } from "./retryable-error";
import type {
  AgentError,
  AgentState,
  BrainMode,
  VoiceAgent,
  VoiceAgentEvents,
  VoiceAgentOptions,
} from "./voice-agent";

/**
 * The voice pipeline: microphone → VAD → Whisper (worker) → retrieval (worker) → brain
 * (WebLLM in a worker, or the Lite brain) → dialogue core → Web Speech, with the call recorded
 * on the relay and side effects sent there. See widget/README.md for the stages and timings.
 */
export function createVoiceAgent(options: VoiceAgentOptions): VoiceAgent {
  return new VoicePipeline(options);
}

const LEVEL_EVERY_MS = 50;

class VoicePipeline implements VoiceAgent {
  private readonly events = new Emitter<VoiceAgentEvents>();
  private readonly relay: RelayClient;
  private readonly recorder: CallRecorder;
  private readonly assetBase: string;
  private readonly language: string;
  private readonly site: SiteProfile;
  private readonly workers: typeof defaultWorkers;
  private stt: WhisperWorkerClient | null = null;
  private retrieval: RetrievalWorkerClient | null = null;
  private input: SpeechInput | null = null;
  private speaker: WebSpeechSpeaker | null = null;
  private engine: DialogueEngine | null = null;
  private brainCleanup: (() => void) | null = null;
  private greeting: GreetingTimer | null = null;
  private readonly bargeIn = new BargeInDetector();
  private currentTurn: { controller: AbortController; bargedIn: boolean } | null = null;
  private agentSpeaking = false;
  private lastLevelAt = 0;
  private turnCounter = 0;
  private muted = false;
  private disposed = false;
  private escalated = false;
  private readonly onPageHide = () => this.endOnPageHide();
  private _state: AgentState = "idle";
  private _mode: BrainMode | null = null;

  constructor(private readonly options: VoiceAgentOptions) {
    const page = globalThis.location?.href ?? "http://localhost/";
    this.assetBase = new URL(options.assetBaseUrl ?? "/parley/", page).href.replace(/\/?$/, "/");
    this.language = options.language ?? "en";
    this.site = {
      company: options.site?.company ?? "our company",
      defaultRegion: options.site?.defaultRegion ?? "US",
      timezone: options.site?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      ...(options.site?.orderIdPattern ? { orderIdPattern: options.site.orderIdPattern } : {}),
    };
    this.workers = { ...defaultWorkers, ...options.workers };
    this.relay = new RelayClient({ baseUrl: options.relayUrl });
    this.recorder = new CallRecorder(this.relay, (error) => this.reportRelayError(error));
  }

  get state(): AgentState {
    return this._state;
  }

  get mode(): BrainMode | null {
    return this._mode;
  }

  on<K extends keyof VoiceAgentEvents>(
    event: K,
    handler: (payload: VoiceAgentEvents[K]) => void,
  ): () => void {
    return this.events.on(event, handler);
  }

  async start(): Promise<void> {
    if (this.disposed) throw new Error("this voice agent was disposed; create a new one");
    if (this._state !== "idle" && this._state !== "error") return;
    this.setState("requesting_microphone");
    let stream: MediaStream;
    try {
      stream = await (this.options.getAudioStream ?? openMicrophone)();
    } catch (error) {
      const mic = toMicrophoneError(error);
      this.fail({ code: mic.code, message: mic.message, retryable: mic.retryable });
      return;
    }
    this.setState("loading");
    try {
      const capability = await this.chooseBrain();
      this._mode = capability.brain;
      this.events.emit("mode", { mode: capability.brain, reason: capability.reason });
      // Everything loads in parallel; the session is created meanwhile (its failure is not fatal).
      const session = this.relay
        .createSession({ siteId: this.options.siteId, mode: capability.brain })
        .then(() => true)
        .catch((error: unknown) => {
          this.reportRelayError(
            error instanceof RelayError
              ? error
              : new RelayError(String(error), "internal", true, null),
          );
          return false;
        });
      this.speaker = new WebSpeechSpeaker({ language: this.language });
      // A typed call never transcribes: it neither waits for Whisper nor fails with its download.
      const stt = (this.stt =
        this.options.speechRecognition === false
          ? null
          : new WhisperWorkerClient({
              createWorker: this.workers.stt,
              assetBaseUrl: this.assetBase,
              ...(this.options.models?.whisperModel
                ? { model: this.options.models.whisperModel }
                : {}),
              device: this.options.sttDevice ?? "auto",
              language: this.language,
              onProgress: (p) => this.events.emit("progress", p),
            }));
      this.retrieval = new RetrievalWorkerClient({
        createWorker: this.workers.retrieval,
        indexUrl:
          this.options.knowledgeUrl ??
          `${this.options.relayUrl.replace(/\/+$/, "")}/v1/sites/${encodeURIComponent(this.options.siteId)}/knowledge/`,
        useLiteBaseUrl: new URL(ASSET_PATHS.useLite, this.assetBase).href,
        tfjsWasmBaseUrl: new URL(ASSET_PATHS.tfjsWasm, this.assetBase).href,
        onProgress: (p) => this.events.emit("progress", p),
      });
      const brain = await this.loadBrain(capability);
      const [summary] = await Promise.all([
        this.retrieval.load(),
        stt?.load(),
        this.speaker.ready(),
        session,
      ]);
      this.engine = new DialogueEngine({
        site: this.site,
        brain,
        lite: new LiteBrain(),
        retriever: {
          search: (q, k) => this.retrieval!.search(q, k),
          threshold: summary.threshold,
          documents: summary.documents,
        },
        lookupOrder: (orderId) => this.relay.lookupOrder(orderId),
        sessionKey: this.relay.session?.sessionId ?? undefined,
      });
      await this.startListening(stream);
    } catch (error) {
      // No call without its models: the microphone is released, not left live behind the error,
      // and so are the workers that did load (start() may be called again after an error).
      for (const track of stream.getTracks()) track.stop();
      this.releaseModels();
      this.fail({
        code: "download_failed",
        message: error instanceof Error ? error.message : String(error),
        retryable: isRetryableLoadError(error),
      });
      return;
    }
    this.record(
      {
        type: "call_started",
        at: Date.now(),
        mode: this._mode ?? "lite",
        page: globalThis.location?.pathname?.slice(0, 500),
      },
      true,
    );
    globalThis.addEventListener?.("pagehide", this.onPageHide);
    this.setState("listening");
    this.greeting = new GreetingTimer(
      this.options.greetingAfterMs ?? 2000,
      () => void this.greet(),
    );
    this.greeting.start();
  }

  async stop(): Promise<void> {
    if (this._state === "ended" || this._state === "idle") return;
    this.interruptTurn();
    this.greeting?.cancel();
    await this.input?.destroy();
    this.input = null;
    this.record(
      { type: "call_ended", at: Date.now(), reason: this.escalated ? "escalated" : "completed" },
      true,
    );
    await this.recorder.flush();
    globalThis.removeEventListener?.("pagehide", this.onPageHide);
    this.setState("ended");
  }

  async sendText(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || !this.engine) return;
    this.greeting?.cancel();
    this.interruptTurn();
    await this.runTurn(trimmed, new TurnClock());
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    void (muted ? this.input?.pause() : this.input?.resume());
  }

  async rate(rating: 1 | 2 | 3 | 4 | 5): Promise<void> {
    this.record({ type: "rating", at: Date.now(), rating }, true);
    await this.recorder.flush();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.interruptTurn();
    this.greeting?.cancel();
    void this.input?.destroy();
    this.releaseModels();
    globalThis.removeEventListener?.("pagehide", this.onPageHide);
    if (this._state !== "ended" && this._state !== "idle") this.endOnPageHide();
    this.events.clear();
  }

  /* ───────────── loading ───────────── */

  private async chooseBrain(): Promise<Capability> {
    const wanted = this.options.models?.brain ?? "auto";
    if (wanted === "lite") return { brain: "lite", reason: "the site chose the Lite brain" };
    const nav = globalThis.navigator as Navigator & { gpu?: GpuLike; deviceMemory?: number };
    return checkWebLlmCapability({
      gpu: nav?.gpu,
      ...(nav?.deviceMemory !== undefined ? { deviceMemoryGb: nav.deviceMemory } : {}),
      ...(this.options.models?.webllmModel
        ? { preferredModel: this.options.models.webllmModel }
        : {}),
    });
  }

  /** Terminates the model workers (Whisper, retrieval, WebLLM) and forgets them. */
  private releaseModels(): void {
    this.stt?.dispose();
    this.stt = null;
    this.retrieval?.dispose();
    this.retrieval = null;
    this.brainCleanup?.();
    this.brainCleanup = null;
    this.engine = null;
  }

  private async loadBrain(capability: Capability): Promise<Brain | undefined> {
    if (capability.brain !== "webllm") return undefined;
    try {
      // Loaded on demand: devices on the Lite brain never download web-llm's code.
      const { createWebLlmBrain } = await import("../brain/webllm/webllm-brain");
      const loaded = await createWebLlmBrain({
        createWorker: this.workers.webllm,
        modelId: capability.modelId,
        ...(this.options.models?.webllmModelBaseUrl
          ? { modelBaseUrl: this.options.models.webllmModelBaseUrl }
          : {}),
        onProgress: (p) => this.events.emit("progress", p),
      });
      this.brainCleanup = loaded.dispose;
      return loaded.brain;
    } catch (error) {
      // A failed model download is not the end of the call: the Lite brain answers instead.
      this._mode = "lite";
      this.events.emit("mode", {
        mode: "lite",
        reason: `the on-device AI model could not load (${error instanceof Error ? error.message : String(error)})`,
      });
      return undefined;
    }
  }

  private async startListening(stream: MediaStream): Promise<void> {
    const input = new VadSpeechInput({
      getStream: async () => stream,
      vadAssetBaseUrl: new URL(ASSET_PATHS.vadBase, this.assetBase).href,
    });
    this.input = input;
    input.on("speechStart", () => this.greeting?.cancel());
    input.on("misfire", () => this.greeting?.restart());
    input.on("frame", ({ probability, level, at }) => {
      if (at - this.lastLevelAt >= LEVEL_EVERY_MS) {
        this.lastLevelAt = at;
        if (!this.muted) this.events.emit("level", level);
      }
      const speechAt = this.bargeIn.frame(probability, level, at);
      if (speechAt !== null) this.onBargeIn(speechAt);
    });
    input.on("speechEnd", ({ audio, endedAt }) => void this.onUtterance(audio, endedAt));
    await input.start();
    const speaker = this.speaker!;
    speaker.on("interrupted", () => undefined);
  }

  /* ───────────── turns ───────────── */

  private async greet(): Promise<void> {
    if (!this.engine || this.currentTurn) return;
    const text = this.engine.greet();
    const turnId = this.nextTurnId();
    this.caption("agent", text, turnId);
    this.record({ type: "agent_said", at: Date.now(), text, reason: "greeting" });
    const controller = new AbortController();
    this.currentTurn = { controller, bargedIn: false };
    await this.speakAll([text], controller.signal);
    if (this.currentTurn?.controller === controller) this.currentTurn = null;
    this.backToListening();
  }

  private async onUtterance(audio: Float32Array, endedAt: number): Promise<void> {
    if (!this.stt || !this.engine || this.muted) return;
    // Speech that ended while the agent spoke without triggering barge-in is its own echo or noise.
    if (this.agentSpeaking && !this.currentTurn?.bargedIn) return;
    const clock = new TurnClock();
    clock.mark("speechEnded", endedAt);
    this.greeting?.cancel();
    this.setState("thinking");
    let transcript;
    try {
      transcript = await this.stt.transcribe(audio);
    } catch (error) {
      this.events.emit("error", {
        code: "internal",
        message: `speech recognition failed: ${String(error)}`,
        retryable: true,
      });
      this.backToListening();
      return;
    }
    clock.mark("transcript");
    if (!transcript) {
      this.backToListening();
      return;
    }
    this.interruptTurn();
    await this.runTurn(transcript.text, clock);
  }

  private async runTurn(userText: string, clock: TurnClock): Promise<void> {
    const engine = this.engine!;
    const turnId = this.nextTurnId();
    const controller = new AbortController();
    const turn = { controller, bargedIn: false };
    this.currentTurn = turn;
    clock.mark("speechEnded"); // typed turns start here
    this.caption("visitor", userText, turnId);
    this.record({ type: "turn_started", at: Date.now(), turnId });
    this.setState("thinking");
    const splitter = new SentenceSplitter();
    const spoken: Promise<unknown>[] = [];
    const say = (sentence: string) => {
      clock.mark("ttsRequested");
      spoken.push(this.speakSentence(sentence, clock, controller.signal));
    };
    let result: EngineTurn | null = null;
    clock.mark("brainStart");
    try {
      for await (const event of engine.respond(userText, controller.signal)) {
        if (controller.signal.aborted) break;
        if (event.type === "response_delta") {
          clock.mark("firstToken");
          for (const sentence of splitter.push(event.text)) say(sentence);
        } else result = event.result;
      }
    } catch (error) {
      this.events.emit("error", {
        code: "internal",
        message: `the agent could not decide: ${String(error)}`,
        retryable: true,
      });
    }
    clock.mark("brainEnd");
    if (!result || controller.signal.aborted) {
      if (this.currentTurn === turn) this.currentTurn = null;
      return;
    }
    if (result.responseReplaced) {
      // The policy changed what was being streamed: drop the unspoken rest and say the final answer.
      splitter.flush();
      for (const sentence of new SentenceSplitter().push(result.turn.immediate_response + " "))
        say(sentence);
    } else {
      const rest = result.turn.immediate_response.slice(result.streamed.length);
      for (const sentence of splitter.push(rest)) say(sentence);
      const tail = splitter.flush();
      if (tail) say(tail);
    }
    const brainTimings = result.timings;
    const retrievalStart = clock.get("brainStart")!;
    clock.mark("retrievalStart", retrievalStart + brainTimings.lookup_ms);
    clock.mark("retrievalEnd", retrievalStart + brainTimings.lookup_ms + brainTimings.retrieval_ms);
    this.caption("agent", result.turn.immediate_response, turnId);
    this.events.emit("turn", {
      turnId,
      userText,
      agentText: result.turn.immediate_response,
      intent: result.turn.intent,
      actions: result.requests.map((r) => r.type),
      brain: result.brain,
    });
    // Side effects start while the answer is being spoken; they never block speech.
    const actionsDone = this.sendActions(result.requests, controller.signal);
    await Promise.all(spoken);
    const failures = await actionsDone;
    if (!controller.signal.aborted) {
      const notices = failures.map((request) => failureNotice(request));
      if (notices.length > 0) await this.speakAll(notices, controller.signal);
      else if (result.followUp) await this.speakAll([result.followUp], controller.signal);
    }
    clock.mark("turnEnd");
    const timings = clock.timings();
    this.events.emit("timings", { turnId, timings });
    this.record(
      {
        type: "turn_ended",
        at: Date.now(),
        turnId,
        user_text: userText,
        agent_text: result.turn.immediate_response,
        intent: result.turn.intent,
        stage: result.stage,
        status: result.status,
        used_knowledge: result.turn.used_knowledge,
        retrieved_docs: result.retrievedDocs,
        top_score: result.topScore,
        missing_info: result.turn.missing_info,
        sentiment: result.turn.sentiment,
        pending_actions: result.turn.actions,
        timings,
        brain: result.brain,
      },
      true,
    );
    if (this.currentTurn === turn) this.currentTurn = null;
    if (result.requests.some((r) => r.type === "escalate")) {
      this.escalated = true;
      this.setState("waiting_for_human");
      return;
    }
    if (result.endCall && !controller.signal.aborted) {
      await this.stop();
      return;
    }
    if (!controller.signal.aborted) this.backToListening();
  }

  private async speakSentence(
    sentence: string,
    clock: TurnClock,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted || !this.speaker) return;
    this.agentSpeaking = true;
    this.bargeIn.arm();
    this.setState("speaking");
    const off = this.speaker.on("audible", ({ at }) => clock.mark("audible", at));
    try {
      await this.speaker.speak(sentence);
    } finally {
      off();
      if (!this.speaker.speaking) {
        this.agentSpeaking = false;
        this.bargeIn.disarm();
      }
    }
  }

  private async speakAll(sentences: string[], signal: AbortSignal): Promise<void> {
    const clock = new TurnClock();
    await Promise.all(sentences.map((s) => this.speakSentence(s, clock, signal)));
  }

  private onBargeIn(speechAt: number): void {
    const turn = this.currentTurn;
    if (!this.agentSpeaking || !this.speaker) return;
    this.speaker.cancel();
    const stoppedAt = performance.now();
    this.agentSpeaking = false;
    if (turn) {
      turn.bargedIn = true;
      turn.controller.abort(); // interrupts generation (WebLLM interruptGenerate) and pending speech
    }
    this.events.emit("bargeIn", { speechAt, stoppedAt });
    this.setState("listening");
  }

  private interruptTurn(): void {
    const turn = this.currentTurn;
    this.currentTurn = null;
    turn?.controller.abort();
    if (this.speaker?.speaking) this.speaker.cancel();
    this.agentSpeaking = false;
    this.bargeIn.disarm();
  }

  /** Sends the turn's actions; returns those that could not be sent (for an honest notice). */
  private async sendActions(
    requests: ActionRequest[],
    signal: AbortSignal,
  ): Promise<ActionRequest[]> {
    const failed: ActionRequest[] = [];
    await Promise.all(
      requests.map(async (request) => {
        try {
          const accepted = await this.relay.sendAction(request);
          const result: ActionResult = {
            actionId: accepted.actionId,
            type: request.type,
            status: accepted.status,
          };
          this.events.emit("action", result);
          void this.followAction(accepted.actionId, request);
        } catch (error) {
          const relayError =
            error instanceof RelayError
              ? error
              : new RelayError(String(error), "internal", false, null);
          failed.push(request);
          this.events.emit("action", {
            actionId: `local-${request.idempotencyKey}`.slice(0, 128),
            type: request.type,
            status: "failed",
            error: {
              code: relayError.code.slice(0, 64),
              message: relayError.message.slice(0, 1000),
              retryable: relayError.retryable,
            },
          });
        }
      }),
    );
    void signal;
    return failed;
  }

  /** Polls an accepted action until the relay reports its outcome; feeds ticket numbers back. */
  private async followAction(actionId: string, request: ActionRequest): Promise<void> {
    for (let attempt = 0; attempt < 6 && !this.disposed; attempt++) {
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      try {
        const result = await this.relay.getAction(actionId);
        if (["sent", "delivered", "done", "failed"].includes(result.status)) {
          this.events.emit("action", result);
          const ticketNumber = result.result?.ticketNumber;
          if (ticketNumber !== undefined && this.engine) {
            const released = this.engine.actionResult(request.idempotencyKey, {
              ticketNumber: ticketNumber as string | number | null,
            });
            if (released.length) await this.sendActions(released, new AbortController().signal);
          }
          return;
        }
      } catch {
        return; // the outcome is the relay's business; the visitor was already answered
      }
    }
  }

  /* ───────────── plumbing ───────────── */

  private backToListening(): void {
    if (this._state === "ended" || this._state === "waiting_for_human" || this.disposed) return;
    if (!this.agentSpeaking) this.setState("listening");
  }

  private nextTurnId(): string {
    return `t${++this.turnCounter}-${Math.random().toString(36).slice(2, 8)}`;
  }

  private caption(speaker: "visitor" | "agent", text: string, turnId: string): void {
    this.events.emit("caption", {
      id: `${turnId}-${speaker}`,
      speaker,
      text,
      final: true,
      at: Date.now(),
    });
  }

  private record(event: UnsequencedEvent, urgent = false): void {
    this.recorder.record(event as UnsequencedEvent, urgent);
  }

  private reportRelayError(error: RelayError): void {
    this.events.emit("error", {
      code: error.status === null ? "relay_unreachable" : "internal",
      message:
        error.status === null
          ? "support could not be reached; the conversation continues on this device"
          : error.message,
      retryable: error.retryable,
    });
  }

  private setState(state: AgentState): void {
    if (this._state === state) return;
    this._state = state;
    this.events.emit("state", state);
  }

  private fail(error: AgentError): void {
    this.events.emit("error", error);
    this.setState("error");
  }

  private endOnPageHide(): void {
    if (this._state === "ended") return;
    this.recorder.beacon({ type: "call_ended", at: Date.now(), reason: "abandoned" } as Omit<
      Extract<CallEvent, { type: "call_ended" }>,
      "seq"
    >);
  }
}

const CHANNEL_NAMES: Partial<Record<ActionRequest["type"], string>> = {
  send_whatsapp: "the WhatsApp message",
  send_sms: "the text message",
  send_email: "the email",
  schedule_callback: "the callback request",
  create_ticket: "the support ticket",
  update_ticket: "the ticket update",
  escalate: "the transfer request",
};

/** What the agent says when the relay could not take an action: never pretend it was done. */
export function failureNotice(request: ActionRequest): string {
  const what = CHANNEL_NAMES[request.type] ?? "that request";
  return `I'm sorry, I couldn't send ${what} just now because our support system is unreachable. Please try again in a few minutes.`;
}
