/**
 * What the voice pipeline does around a warm transfer: the AI pauses (it neither listens nor
 * answers; the microphone stays open for the agent), the visitor hears and sees who they are
 * connected to, typed text goes to the person, and when the transfer ends the pipeline either
 * closes the call (the agent's resolution, then the rating), or takes the conversation back
 * (the visitor cancelled, or nobody could come: the AI says so and offers a callback or an email,
 * which the dialogue core arranges through its usual actions).
 */
import type { AgentState, HandoffStatus } from "../core/voice-agent";
import { startHandoffController, type HandoffController } from "./handoff-controller";

/** The pipeline as a transfer needs it. */
export interface TransferHost {
  relayUrl: string;
  token: string;
  /** The call's microphone; absent for a typed call (the transfer is chat only). */
  microphone?: MediaStream;
  pauseAi(): void;
  resumeAi(): void;
  /** Caption, record and speak one line as the assistant (system announcements). */
  say(text: string): Promise<void>;
  caption(speaker: "visitor" | "human_agent", text: string, id: string, at: number): void;
  setState(state: AgentState): void;
  emit(status: HandoffStatus): void;
  /** Ends the call as the visitor's hang-up would (records it, shows the rating). */
  endCall(): Promise<void>;
}

export const TRANSFER_LINES = {
  connected: (name: string) => `You're now connected to ${name}.`,
  ended: (name: string, resolution: string, ticket: string | null) =>
    `${name} has ended the conversation: ${resolution}${ticket ? ` Your ticket number is ${ticket}.` : ""}`,
  unavailable:
    "I'm sorry, none of our specialists can take your call right now. I can arrange a callback at a time that suits you, or send you a follow-up by email. Which would you prefer?",
  backToAi: "All right, you're back with the assistant. How else can I help?",
  failed:
    "I'm sorry, I lost the connection to our support team. I can arrange a callback or an email follow-up instead.",
} as const;

export interface Transfer {
  readonly status: HandoffStatus;
  /** Typed text during the transfer (shown at once, delivered when the person is there). */
  sendText(text: string): Promise<void>;
  /** Back to the AI (while waiting). */
  cancel(): Promise<void>;
  /** The visitor ends the call; `keepalive` when the page is closing. */
  hangUp(keepalive?: boolean): Promise<void>;
  setMuted(muted: boolean): void;
  dispose(): void;
}

export function startTransfer(host: TransferHost, onDone: () => void): Transfer {
  let typed = 0;
  /** Lines typed before the agent joined: captioned at once, sent on connect, echo not repeated. */
  const held: string[] = [];
  const echoes = new Set<string>();
  let agentName = "our support agent";

  host.pauseAi();
  host.setState("waiting_for_human");
  const controller: HandoffController = startHandoffController({
    relayUrl: host.relayUrl,
    token: host.token,
    ...(host.microphone ? { microphone: host.microphone } : {}),
    onStatus: (status) => host.emit(status),
    onChat: (line) => {
      if (line.speaker === "visitor" && echoes.delete(line.text)) return;
      host.caption(line.speaker, line.text, line.id, line.at);
    },
    onConnected: (name) => {
      agentName = name;
      host.setState("with_human");
      void host.say(TRANSFER_LINES.connected(name));
      for (const text of held.splice(0)) {
        echoes.add(text);
        void controller.sendChat(text).catch(() => echoes.delete(text));
      }
    },
    onFinished: (outcome) => {
      onDone();
      switch (outcome.kind) {
        case "ended":
          void host
            .say(TRANSFER_LINES.ended(agentName, outcome.resolution, outcome.ticketNumber))
            .then(() => host.endCall());
          return;
        case "unavailable":
          host.resumeAi();
          void host.say(TRANSFER_LINES.unavailable);
          return;
        case "cancelled":
          host.resumeAi();
          void host.say(TRANSFER_LINES.backToAi);
          return;
        case "failed":
          host.resumeAi();
          void host.say(TRANSFER_LINES.failed);
          return;
      }
    },
  });

  return {
    get status() {
      return controller.status;
    },
    async sendText(text) {
      if (controller.status.phase === "connected") {
        echoes.add(text);
        host.caption("visitor", text, `typed-${++typed}`, Date.now());
        if (!(await controller.sendChat(text))) echoes.delete(text);
        return;
      }
      host.caption("visitor", text, `typed-${++typed}`, Date.now());
      held.push(text);
    },
    cancel: () => controller.cancel(),
    async hangUp(keepalive = false) {
      onDone();
      await controller.hangUp(keepalive);
    },
    setMuted(muted) {
      for (const track of host.microphone?.getAudioTracks() ?? []) track.enabled = !muted;
    },
    dispose() {
      controller.dispose();
    },
  };
}
