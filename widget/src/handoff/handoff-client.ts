/**
 * The visitor's side of a warm handoff, framework-free: the widget's handoff controller uses it
 * once the escalate action went through (any page could, with a session token).
 *
 *   const handoff = startHandoffClient({ relayUrl, token, onEvent: (e) => render(e) });
 *   handoff.sendChat("Hello?");        // text chat, always available
 *   handoff.withdraw("back_to_ai");    // take the transfer back
 *   handoff.stop();
 *
 * It long-polls GET /v1/handoff for the escalation's state and messages, answers the agent's
 * WebRTC offer with the visitor's microphone, and falls back to chat when WebRTC is unavailable
 * or fails. Events say what the visitor should see or hear: "status" (waiting: who, how long,
 * position), "connected" ("You're now connected to John"), "voice" (the agent's audio),
 * "voice_connected", "voice_failed" (use chat), "chat", "ended" (resolution and ticket) and
 * "withdrawn" (the transfer was taken back).
 */
import {
  HandoffStatus,
  type HandoffMessage,
  type RtcSettings,
  type WithdrawReason,
} from "@parley/protocol";
import { createPeer, type Peer } from "./peer";

export type EscalationView = NonNullable<HandoffStatus["escalation"]>;

export type HandoffEvent =
  | { type: "status"; escalation: EscalationView }
  | { type: "connected"; agentName: string; text: string }
  | { type: "voice"; stream: MediaStream }
  | { type: "voice_connected" }
  | { type: "voice_failed"; reason: string }
  | { type: "chat"; id: number; from: "visitor" | "agent"; text: string; at: number }
  | { type: "ended"; resolution: string; ticketNumber: string | null }
  | { type: "withdrawn"; reason: string; text: string }
  | { type: "error"; message: string; retryable: boolean };

export interface HandoffClientOptions {
  /** The relay's base URL, e.g. "https://relay.example.com". */
  relayUrl: string;
  /** The widget's session token (POST /v1/sessions). */
  token: string;
  onEvent: (event: HandoffEvent) => void;
  /** Long-poll wait, ms (default 20 s). */
  waitMs?: number;
  /** Set false to skip voice and use chat only (a typed call). */
  voice?: boolean;
  /** The microphone to send to the agent (default: the peer opens one). */
  localStream?: MediaStream;
  fetch?: typeof fetch;
}

export interface HandoffClient {
  sendChat(text: string): Promise<void>;
  /** Takes the transfer back; `keepalive` lets it leave while the page is closing. */
  withdraw(reason: WithdrawReason, keepalive?: boolean): Promise<void>;
  stop(): void;
  readonly peer: Peer | undefined;
}

/** A refused handoff request: `retryable` says whether trying again can help. */
export class HandoffRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "HandoffRequestError";
  }
}

export function startHandoffClient(options: HandoffClientOptions): HandoffClient {
  const base = options.relayUrl.replace(/\/$/, "");
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = { authorization: `Bearer ${options.token}` };
  let after = 0;
  let state = "none";
  let rtc: RtcSettings | undefined;
  let stopped = false;
  let peer: Peer | undefined;
  const controller = new AbortController();

  const post = async (path: string, body: unknown, keepalive = false) => {
    const res = await doFetch(`${base}/v1/handoff${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
      keepalive,
    });
    if (!res.ok) {
      const answer = (await res.json().catch(() => ({}))) as {
        error?: { message?: string; retryable?: boolean };
      };
      throw new HandoffRequestError(
        answer.error?.message ?? `handoff request refused (${res.status})`,
        answer.error?.retryable ?? (res.status >= 500 || res.status === 429),
      );
    }
  };
  const postMessage = (kind: string, payload: Record<string, unknown>) =>
    post("/messages", { kind, payload });

  const ensurePeer = () => {
    peer ??= createPeer({
      role: "answerer",
      send: (kind, payload) => postMessage(kind, payload),
      ...(rtc ? { rtc } : {}),
      ...(options.localStream ? { localStream: options.localStream } : {}),
      onRemoteStream: (stream) => options.onEvent({ type: "voice", stream }),
      onState: (s, reason) => {
        if (s === "connected") options.onEvent({ type: "voice_connected" });
        if (s === "failed")
          options.onEvent({ type: "voice_failed", reason: reason ?? "voice unavailable" });
      },
    });
    return peer;
  };

  async function handle(m: HandoffMessage): Promise<void> {
    const text = (key: string) => String(m.payload[key] ?? "");
    if (m.kind === "accepted") {
      options.onEvent({
        type: "connected",
        agentName: text("agentName") || "an agent",
        text: text("text"),
      });
      if (options.voice === false)
        await postMessage("rtc_unavailable", { reason: "the visitor is typing" }).catch(
          () => undefined,
        );
    } else if (m.kind === "ended") {
      peer?.close();
      options.onEvent({
        type: "ended",
        resolution: text("resolution"),
        ticketNumber: text("ticketNumber") || null,
      });
    } else if (m.kind === "withdrawn") {
      peer?.close();
      options.onEvent({ type: "withdrawn", reason: text("reason"), text: text("text") });
    } else if (m.kind === "chat") {
      options.onEvent({
        type: "chat",
        id: m.id,
        from: m.sender === "agent" ? "agent" : "visitor",
        text: text("text"),
        at: m.at,
      });
    } else if (m.sender === "agent" && options.voice !== false) {
      await ensurePeer().receive(m.kind, m.payload);
    }
  }

  async function loop(): Promise<void> {
    let backoff = 500;
    while (!stopped) {
      try {
        const url = `${base}/v1/handoff?after=${after}&state=${encodeURIComponent(state)}&waitMs=${options.waitMs ?? 20_000}`;
        const res = await doFetch(url, { headers, signal: controller.signal });
        if (!res.ok) {
          const retryable = res.status >= 500 || res.status === 429;
          options.onEvent({
            type: "error",
            message: `handoff status refused (${res.status})`,
            retryable,
          });
          if (!retryable) return;
          throw new Error("retry");
        }
        const body = HandoffStatus.parse(await res.json());
        backoff = 500;
        if (body.escalation) {
          rtc = body.escalation.rtc;
          state = body.escalation.state;
          options.onEvent({ type: "status", escalation: body.escalation });
        }
        for (const m of body.messages) {
          after = Math.max(after, m.id);
          if (!stopped) await handle(m);
        }
        if ((state === "ended" || state === "withdrawn") && body.messages.length === 0) return;
      } catch {
        if (stopped) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(10_000, backoff * 2);
      }
    }
  }
  void loop();

  return {
    get peer() {
      return peer;
    },
    sendChat: (text) => postMessage("chat", { text }),
    withdraw: (reason, keepalive = false) => post("/withdraw", { reason }, keepalive),
    stop() {
      stopped = true;
      controller.abort();
      peer?.close();
    },
  };
}
