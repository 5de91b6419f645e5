import { ACTIONS, type CallEvent, type SiteProfile } from "@parley/protocol";
import { createEngine, type DialogueEngine, type EngineTurn } from "@parley/agent-core";
import { ASSET_PATHS } from "../assets/asset-manifest";
import { openMicrophone, toMicrophoneError } from "../audio/microphone";
import type { SpeechInput } from "../audio/speech-input";
import { CallRecorder, type UnsequencedEvent } from "../relay/call-recorder";
import { RelayClient } from "../relay/relay-client";
import { RelayError } from "../relay/relay-errors";
import { RetrievalWorkerClient } from "../retrieval/retrieval-worker-client";
import type { SpeechToText } from "../stt/speech-to-text";
import { TurnClock } from "../timing/turn-clock";
import { SentenceSplitter } from "@parley/knowledge/sentences";
import { AgentVoice } from "../turns/agent-voice";
import { GreetingTimer } from "../turns/greeting-timer";
import { ActionSender, failureNotice } from "./action-sender";
import { AgentReply, type ReplyKind } from "./agent-reply";
import { sentencesLeft, turnEndedEvent } from "./decided-turn";
import { chooseBrain, loadBrain } from "./brain-choice";
import { defaultStages } from "./default-stages";
import { startTransfer, type Transfer } from "../handoff/transfer";
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
import type { StageContext, VoiceStages } from "./voice-stages";

/**
 * The voice pipeline: microphone → VAD → Whisper (worker) → retrieval (worker) → brain
 * (WebLLM in a worker, or the Lite brain) → dialogue core → Web Speech, with the call recorded
 * on the relay and side effects sent there. The listening, transcribing and speaking stages are
 * replaceable (`options.stages`); a typed call (`speechRecognition: false`) opens neither the
 * microphone nor the VAD. See widget/README.md for the stages and timings.
 */
export function createVoiceAgent(options: VoiceAgentOptions): VoiceAgent {
  return new VoicePipeline(options);
}

const LEVEL_EVERY_MS = 50;

class VoicePipeline implements VoiceAgent {
  private readonly events = new Emitter<VoiceAgentEvents>();
  private readonly relay: RelayClient;
  private readonly recorder: CallRecorder;
  private readonly actions: ActionSender;
  private readonly assetBase: string;
  private readonly language: string;
  private readonly site: SiteProfile;
  private readonly workers: typeof defaultWorkers;
  private readonly stages: VoiceStages;
  private stt: SpeechToText | null = null;
  private retrieval: RetrievalWorkerClient | null = null;
  private input: SpeechInput | null = null;
  private voice: AgentVoice | null = null;
  private engine: DialogueEngine | null = null;
  private brainCleanup: (() => void) | null = null;
  private greeting: GreetingTimer | null = null;
  /** The reply being decided or spoken; null while the agent listens. */
  private reply: AgentReply | null = null;
  private lastLevelAt = 0;
  private turnCounter = 0;
  private muted = false;
  private disposed = false;
  private escalated = false;
  /** The warm transfer to a person, while one runs (the AI is paused meanwhile). */
  private transfer: Transfer | null = null;
  /** The call's microphone (a typed call's is silent and never sent to an agent). */
  private microphone: MediaStream | null = null;
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
      ...(options.site?.maxAnswerWords ? { maxAnswerWords: options.site.maxAnswerWords } : {}),
      ...(options.site?.locale ? { locale: options.site.locale } : {}),
    };
    this.workers = { ...defaultWorkers, ...options.workers };
    this.stages = { ...defaultStages(options, this.workers), ...options.stages };
    this.relay = new RelayClient({ baseUrl: options.relayUrl });
    this.recorder = new CallRecorder(this.relay, (error) => this.reportRelayError(error));
    this.actions = new ActionSender({
      relay: this.relay,
      onResult: (result) => this.events.emit("action", result),
      onOutcome: (request, outcome) =>
        this.engine?.actionResult(request.idempotencyKey, outcome) ?? [],
      isDisposed: () => this.disposed,
    });
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
    // A typed call never listens: no microphone, no VAD, no Whisper.
    const listens = this.options.speechRecognition !== false;
    let stream: MediaStream | null = null;
    if (listens) {
      this.setState("requesting_microphone");
      try {
        stream = await (this.options.getAudioStream ?? openMicrophone)();
      } catch (error) {
        const mic = toMicrophoneError(error);
        this.fail({ code: mic.code, message: mic.message, retryable: mic.retryable });
        return;
      }
    }
    this.setState("loading");
    try {
      const capability = await chooseBrain(this.options.models);
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
      const context: StageContext = {
        assetBaseUrl: this.assetBase,
        language: this.language,
        onProgress: (p) => this.events.emit("progress", p),
      };
      const speaker = this.stages.speaker(context);
      this.voice = new AgentVoice(speaker, {
        onSpeaking: () => this.setState("speaking"),
        onInterrupted: (interruption) => this.onBargeIn(interruption),
      });
      const stt = (this.stt = listens ? this.stages.speechToText(context) : null);
      this.retrieval = new RetrievalWorkerClient({
        createWorker: this.workers.retrieval,
        indexUrl:
          this.options.knowledgeUrl ??
          `${this.options.relayUrl.replace(/\/+$/, "")}/v1/sites/${encodeURIComponent(this.options.siteId)}/knowledge/`,
        useLiteBaseUrl: new URL(ASSET_PATHS.useLite, this.assetBase).href,
        tfjsWasmBaseUrl: new URL(ASSET_PATHS.tfjsWasm, this.assetBase).href,
        onProgress: context.onProgress,
      });
      const loaded = await loadBrain(
        capability,
        this.options.models,
        this.workers,
        context.onProgress,
      );
      this.brainCleanup = loaded.dispose;
      if (loaded.fellBackBecause) {
        // A failed model download is not the end of the call: the Lite brain answers instead.
        this._mode = "lite";
        this.events.emit("mode", { mode: "lite", reason: loaded.fellBackBecause });
      }
      const [summary] = await Promise.all([
        this.retrieval.load(),
        stt?.load(),
        speaker.ready?.(),
        session,
      ]);
      this.engine = createEngine({
        site: this.site,
        ...(loaded.brain ? { brain: loaded.brain } : {}),
        knowledge: {
          search: (q, k) => this.retrieval!.search(q, k),
          threshold: summary.threshold,
          documents: summary.documents,
        },
        lookupOrder: (orderId) => this.relay.lookupOrder(orderId),
        sessionKey: this.relay.session?.sessionId ?? undefined,
      });
      if (stream) await this.startListening(stream, context);
    } catch (error) {
      // No call without its models: the microphone is released, not left live behind the error,
      // and so are the workers that did load (start() may be called again after an error).
      for (const track of stream?.getTracks() ?? []) track.stop();
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
    await this.transfer?.hangUp();
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
    if (this.transfer && trimmed) return this.transfer.sendText(trimmed);
    if (!trimmed || !this.engine) return;
    this.greeting?.cancel();
    this.interruptTurn();
    await this.runTurn(trimmed, new TurnClock());
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    // During a transfer the AI stays paused; muting silences what the person hears.
    if (this.transfer) this.transfer.setMuted(muted);
    else void (muted ? this.input?.pause() : this.input?.resume());
  }

  async cancelHandoff(): Promise<void> {
    await this.transfer?.cancel();
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
    this.transfer?.dispose();
    this.transfer = null;
    void this.input?.destroy();
    this.releaseModels();
    globalThis.removeEventListener?.("pagehide", this.onPageHide);
    if (this._state !== "ended" && this._state !== "idle") this.endOnPageHide();
    this.events.clear();
  }

  /* ───────────── loading ───────────── */

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

  private async startListening(stream: MediaStream, context: StageContext): Promise<void> {
    if (this.options.speechRecognition !== false) this.microphone = stream;
    const input = this.stages.speechInput(stream, context);
    this.input = input;
    input.on("speechStart", () => this.greeting?.cancel());
    input.on("misfire", () => this.greeting?.restart());
    input.on("frame", ({ probability, level, at }) => {
      if (at - this.lastLevelAt >= LEVEL_EVERY_MS) {
        this.lastLevelAt = at;
        if (!this.muted) this.events.emit("level", level);
      }
      this.voice?.frame(probability, level, at);
    });
    input.on("speechEnd", ({ audio, endedAt }) => void this.onUtterance(audio, endedAt));
    await input.start();
  }

  /* ───────────── turns ───────────── */

  /** A new reply becomes the current one (the one barge-in interrupts). */
  private beginReply(kind: ReplyKind): AgentReply {
    const reply = new AgentReply(this.nextTurnId(), kind);
    this.reply = reply;
    return reply;
  }

  private endReply(reply: AgentReply): void {
    if (this.reply === reply) this.reply = null;
  }

  private async greet(): Promise<void> {
    if (!this.engine || this.reply || !this.voice) return;
    const text = this.engine.greet();
    const reply = this.beginReply("greeting");
    this.caption("agent", text, reply.turnId);
    this.record({ type: "agent_said", at: Date.now(), text, reason: "greeting" });
    await this.voice.sayAll(reply, [text]);
    this.endReply(reply);
    this.backToListening();
  }

  private async onUtterance(audio: Float32Array, endedAt: number): Promise<void> {
    if (!this.stt || !this.engine || this.muted) return;
    // Speech that ended while the agent spoke without triggering barge-in is its own echo or noise.
    if (this.voice?.speaking && !this.reply?.interrupted) return;
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
    const voice = this.voice!;
    const reply = this.beginReply("answer");
    const turnId = reply.turnId;
    clock.mark("speechEnded"); // typed turns start here
    this.caption("visitor", userText, turnId);
    this.record({ type: "turn_started", at: Date.now(), turnId });
    this.setState("thinking");
    const splitter = new SentenceSplitter();
    const spoken: Promise<unknown>[] = [];
    const say = (sentence: string) => {
      clock.mark("ttsRequested");
      spoken.push(voice.say(reply, sentence, clock));
    };
    let result: EngineTurn | null = null;
    clock.mark("brainStart");
    try {
      for await (const event of engine.respond(userText, reply.signal)) {
        if (reply.aborted) break;
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
    if (!result || reply.aborted) {
      this.endReply(reply);
      return;
    }
    for (const sentence of sentencesLeft(result, splitter)) say(sentence);
    const brainTimings = result.timings;
    const retrievalStart = clock.get("brainStart")!;
    clock.mark("retrievalStart", retrievalStart + brainTimings.lookup_ms);
    clock.mark("retrievalEnd", retrievalStart + brainTimings.lookup_ms + brainTimings.retrieval_ms);
    this.caption("agent", result.turn.immediate_response, turnId, result.source?.text);
    this.events.emit("turn", {
      turnId,
      userText,
      agentText: result.turn.immediate_response,
      intent: result.turn.intent,
      actions: result.requests.map((r) => r.type),
      brain: result.brain,
    });
    // Side effects start while the answer is being spoken; they never block speech.
    const actionsDone = this.actions.send(result.requests);
    await Promise.all(spoken);
    const failures = await actionsDone;
    if (!reply.aborted) {
      const notices = failures.map((request) => failureNotice(request));
      if (notices.length > 0) await voice.sayAll(reply, notices);
      else if (result.followUp) await voice.sayAll(reply, [result.followUp]);
    }
    clock.mark("turnEnd");
    const timings = clock.timings();
    this.events.emit("timings", { turnId, timings });
    this.record(turnEndedEvent(turnId, userText, result, timings), true);
    this.endReply(reply);
    const escalation = result.requests.find((r) => ACTIONS[r.type].handsOff);
    if (escalation && !failures.includes(escalation)) {
      this.escalated = true;
      this.beginTransfer();
      return;
    }
    if (result.endCall && !reply.aborted) {
      await this.stop();
      return;
    }
    if (!reply.aborted) this.backToListening();
  }

  /** The visitor spoke over the agent: its voice is already stopped; drop the rest of the reply. */
  private onBargeIn(interruption: { speechAt: number; stoppedAt: number }): void {
    // Interrupts generation (WebLLM interruptGenerate) and pending speech.
    this.reply?.interrupt(interruption);
    this.events.emit("bargeIn", interruption);
    this.setState("listening");
  }

  private interruptTurn(): void {
    const reply = this.reply;
    this.reply = null;
    reply?.abort();
    this.voice?.stop();
  }

  /* ───────────── the transfer to a person ───────────── */

  private beginTransfer(): void {
    const session = this.relay.session;
    if (!session || this.transfer) return;
    this.transfer = startTransfer(
      {
        relayUrl: this.options.relayUrl,
        token: session.token,
        ...(this.microphone ? { microphone: this.microphone } : {}),
        pauseAi: () => {
          this.greeting?.cancel();
          this.interruptTurn();
          void this.input?.pause();
        },
        resumeAi: () => {
          if (this.muted || this._state === "ended" || this.disposed) return;
          void this.input?.resume();
          this.setState("listening");
        },
        say: (text) => this.announce(text),
        caption: (speaker, text, id, at) =>
          this.events.emit("caption", { id, speaker, text, final: true, at }),
        setState: (state) => this.setState(state),
        emit: (status) => this.events.emit("handoff", status),
        endCall: () => this.stop(),
      },
      () => (this.transfer = null),
    );
  }

  /** One line said as the assistant outside a turn (transfer announcements). */
  private async announce(text: string): Promise<void> {
    if (!this.voice) return;
    const reply = this.beginReply("announcement");
    this.caption("agent", text, reply.turnId);
    this.record({ type: "agent_said", at: Date.now(), text, reason: "handoff" });
    await this.voice.sayAll(reply, [text]);
    this.endReply(reply);
    // Speaking set "speaking": during a transfer the state is the transfer's again.
    if (this.transfer)
      this.setState(
        this.transfer.status.phase === "connected" ? "with_human" : "waiting_for_human",
      );
    else this.backToListening();
  }

  /* ───────────── plumbing ───────────── */

  private backToListening(): void {
    if (this._state === "ended" || this.transfer || this.disposed) return;
    if (!this.voice?.speaking) this.setState("listening");
  }

  private nextTurnId(): string {
    return `t${++this.turnCounter}-${Math.random().toString(36).slice(2, 8)}`;
  }

  private caption(
    speaker: "visitor" | "agent",
    text: string,
    turnId: string,
    fullText?: string,
  ): void {
    this.events.emit("caption", {
      id: `${turnId}-${speaker}`,
      speaker,
      text,
      final: true,
      ...(fullText && fullText !== text ? { fullText } : {}),
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
    // The relay also withdraws the transfer when the beacon's call_ended arrives.
    void this.transfer?.hangUp(true);
    this.recorder.beacon({ type: "call_ended", at: Date.now(), reason: "abandoned" } as Omit<
      Extract<CallEvent, { type: "call_ended" }>,
      "seq"
    >);
  }
}
