/**
 * The widget's side of a warm transfer, from "Please hold" to the resolution: follows the
 * escalation on the relay (handoff-client.ts), keeps the visitor informed (who they wait for, how
 * long, their place in the queue), connects the agent's voice over WebRTC from the call's own
 * microphone and plays it in the page, carries chat both ways, and gives up honestly when nobody
 * takes the call within the site's wait. Framework-free; the voice pipeline owns one per transfer
 * and pauses its AI while it runs.
 */
import type { WithdrawReason } from "@parley/protocol";
import type { HandoffStatus } from "../core/voice-agent";
import { startHandoffClient, type HandoffClient, type HandoffEvent } from "./handoff-client";

/** How the transfer ended, for the pipeline to act on. */
export type HandoffOutcome =
  | { kind: "ended"; resolution: string; ticketNumber: string | null }
  /** Nobody came within the wait, or nobody is at work: offer a callback or an email. */
  | { kind: "unavailable" }
  /** The visitor went back to the AI (or the relay says the transfer was taken back). */
  | { kind: "cancelled" }
  /** The relay refused to follow this transfer (the session expired…). */
  | { kind: "failed"; message: string };

export interface HandoffControllerOptions {
  relayUrl: string;
  /** The call's session token. */
  token: string;
  /** The call's microphone (sent to the agent); absent for a typed call (chat only). */
  microphone?: MediaStream;
  onStatus(status: HandoffStatus): void;
  /** A chat line to caption; `id` is stable per line. */
  onChat(line: { id: string; speaker: "visitor" | "human_agent"; text: string; at: number }): void;
  /** The agent took the call: say "You're now connected to John". */
  onConnected(agentName: string): void;
  /** The transfer is over; called once. */
  onFinished(outcome: HandoffOutcome): void;
  /** How often the wait is re-checked against the site's limit, ms (default 1 s). */
  tickMs?: number;
  /** Plays the agent's voice; default an Audio element that is not in the page's DOM. */
  playRemote?: (stream: MediaStream) => () => void;
  now?: () => number;
  /** The relay requests (tests script the relay). */
  fetchImpl?: typeof fetch;
}

export interface HandoffController {
  readonly status: HandoffStatus;
  /** Typed text: to the agent once connected; false while nobody is there to read it yet. */
  sendChat(text: string): Promise<boolean>;
  /** The visitor goes back to the AI (waiting only). */
  cancel(): Promise<void>;
  /** The visitor ends the call (or closes the page); `keepalive` for a closing page. */
  hangUp(keepalive?: boolean): Promise<void>;
  dispose(): void;
}

function playInPage(stream: MediaStream): () => void {
  const audio = new Audio();
  audio.autoplay = true;
  audio.srcObject = stream;
  void audio.play().catch(() => undefined);
  return () => {
    audio.pause();
    audio.srcObject = null;
  };
}

export function startHandoffController(options: HandoffControllerOptions): HandoffController {
  const now = options.now ?? Date.now;
  let status: HandoffStatus = {
    phase: "waiting",
    agentName: null,
    queuePosition: null,
    waitingSince: now(),
    voice: options.microphone ? "connecting" : "off",
    resolution: null,
    ticketNumber: null,
  };
  let finished = false;
  let maxWaitMs: number | null = null;
  let anyoneOnDuty = true;
  let stopPlaying: (() => void) | null = null;

  const update = (patch: Partial<HandoffStatus>) => {
    status = { ...status, ...patch };
    options.onStatus(status);
  };
  /** Stops following the transfer: no more polling, no more of the agent's voice. */
  const shutdown = () => {
    finished = true;
    clearInterval(ticker);
    client.stop();
    stopPlaying?.();
    stopPlaying = null;
  };
  const finish = (outcome: HandoffOutcome) => {
    if (finished) return;
    shutdown();
    options.onFinished(outcome);
  };
  const withdraw = async (reason: WithdrawReason, keepalive = false) => {
    await client.withdraw(reason, keepalive).catch(() => undefined);
  };

  const onEvent = (event: HandoffEvent) => {
    if (finished) return;
    switch (event.type) {
      case "status": {
        const e = event.escalation;
        maxWaitMs = e.maxWaitMs;
        anyoneOnDuty = e.anyoneOnDuty;
        if (status.phase === "waiting")
          update({
            waitingSince: Math.min(status.waitingSince, e.createdAt),
            agentName: e.state === "assigned" ? e.agentName : null,
            queuePosition: e.queuePosition,
          });
        checkWait();
        return;
      }
      case "connected":
        update({ phase: "connected", agentName: event.agentName, queuePosition: null });
        options.onConnected(event.agentName);
        return;
      case "voice":
        stopPlaying?.();
        stopPlaying = (options.playRemote ?? playInPage)(event.stream);
        return;
      case "voice_connected":
        update({ voice: "connected" });
        return;
      case "voice_failed":
        if (status.voice !== "off") update({ voice: "failed" });
        return;
      case "chat":
        options.onChat({
          id: `handoff-${event.id}`,
          speaker: event.from === "agent" ? "human_agent" : "visitor",
          text: event.text,
          at: event.at,
        });
        return;
      case "ended":
        update({
          phase: "ended",
          resolution: event.resolution,
          ticketNumber: event.ticketNumber,
        });
        finish({ kind: "ended", resolution: event.resolution, ticketNumber: event.ticketNumber });
        return;
      case "withdrawn":
        if (event.reason === "no_agent") {
          update({ phase: "unavailable" });
          finish({ kind: "unavailable" });
        } else {
          update({ phase: "cancelled" });
          finish({ kind: "cancelled" });
        }
        return;
      case "error":
        if (!event.retryable) finish({ kind: "failed", message: event.message });
        return;
    }
  };

  /** Nobody at work who could take it, or waited past the site's limit: say so, offer a callback. */
  const checkWait = () => {
    if (finished || status.phase !== "waiting" || maxWaitMs === null) return;
    if (anyoneOnDuty && now() - status.waitingSince < maxWaitMs) return;
    update({ phase: "unavailable" });
    finish({ kind: "unavailable" });
    void withdraw("no_agent");
  };

  const client: HandoffClient = startHandoffClient({
    relayUrl: options.relayUrl,
    token: options.token,
    onEvent,
    voice: Boolean(options.microphone),
    ...(options.fetchImpl ? { fetch: options.fetchImpl } : {}),
    ...(options.microphone ? { localStream: options.microphone } : {}),
  });
  const ticker = setInterval(checkWait, options.tickMs ?? 1000);
  options.onStatus(status);

  return {
    get status() {
      return status;
    },
    async sendChat(text) {
      if (finished || status.phase !== "connected") return false;
      await client.sendChat(text);
      return true;
    },
    async cancel() {
      if (finished || status.phase !== "waiting") return;
      update({ phase: "cancelled" });
      finish({ kind: "cancelled" });
      await withdraw("back_to_ai");
    },
    async hangUp(keepalive = false) {
      if (finished) return;
      shutdown();
      await withdraw("hung_up", keepalive);
    },
    dispose() {
      if (!finished) shutdown();
    },
  };
}
