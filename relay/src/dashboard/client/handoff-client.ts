/**
 * The visitor's side of a warm handoff, framework-free, for the widget (or any page) to use once
 * its escalate action went through:
 *
 *   const handoff = startHandoffClient({ relayUrl, token, onEvent: (e) => render(e) });
 *   handoff.sendChat("Hello?");   // text chat, always available
 *   handoff.stop();
 *
 * It long-polls GET /v1/handoff for the escalation's state and messages, answers the agent's
 * WebRTC offer with the visitor's microphone, plays the agent's voice, and falls back to chat
 * when WebRTC is unavailable or fails. Events say what the visitor should see or hear:
 * "queued" / "assigned" (waiting), "connecting" (speak it: "You're being connected to John"),
 * "voice" (live), "voice_failed" (use chat), "chat", and "ended" (with the resolution and ticket).
 */
import { createPeer, type Peer } from "./peer";

export type HandoffEvent =
  | { type: "state"; state: string; agentName: string | null }
  | { type: "connecting"; agentName: string; text: string }
  | { type: "voice"; stream: MediaStream }
  | { type: "voice_connected" }
  | { type: "voice_failed"; reason: string }
  | { type: "chat"; from: "visitor" | "agent"; text: string; at: number }
  | { type: "ended"; resolution: string; ticketNumber: string | null }
  | { type: "error"; message: string; retryable: boolean };

export interface HandoffClientOptions {
  /** The relay's base URL, e.g. "https://relay.example.com". */
  relayUrl: string;
  /** The widget's session token (POST /v1/sessions). */
  token: string;
  onEvent: (event: HandoffEvent) => void;
  /** Long-poll wait, ms (default 20 s). */
  waitMs?: number;
  iceServers?: RTCIceServer[];
  /** Set false to skip voice and use chat only. */
  voice?: boolean;
}

export interface HandoffClient {
  sendChat(text: string): Promise<void>;
  stop(): void;
  readonly peer: Peer | undefined;
}

interface WireMessage {
  id: number;
  sender: string;
  kind: string;
  payload: Record<string, unknown>;
  at: number;
}

export function startHandoffClient(options: HandoffClientOptions): HandoffClient {
  const base = options.relayUrl.replace(/\/$/, "");
  const headers = { authorization: `Bearer ${options.token}` };
  let after = 0;
  let state = "none";
  let stopped = false;
  let peer: Peer | undefined;
  const controller = new AbortController();

  const post = async (kind: string, payload: Record<string, unknown>) => {
    const res = await fetch(`${base}/v1/handoff/messages`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ kind, payload }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as {
        error?: { message?: string; retryable?: boolean };
      };
      throw Object.assign(
        new Error(body.error?.message ?? `handoff message refused (${res.status})`),
        { retryable: body.error?.retryable ?? res.status >= 500 },
      );
    }
  };

  const ensurePeer = () => {
    peer ??= createPeer({
      role: "answerer",
      send: (kind, payload) => post(kind, payload),
      ...(options.iceServers ? { iceServers: options.iceServers } : {}),
      onRemoteStream: (stream) => options.onEvent({ type: "voice", stream }),
      onState: (s, reason) => {
        if (s === "connected") options.onEvent({ type: "voice_connected" });
        if (s === "failed")
          options.onEvent({ type: "voice_failed", reason: reason ?? "voice unavailable" });
      },
    });
    return peer;
  };

  async function handle(m: WireMessage): Promise<void> {
    if (m.kind === "accepted") {
      options.onEvent({
        type: "connecting",
        agentName: String(m.payload.agentName ?? "an agent"),
        text: String(m.payload.text ?? ""),
      });
      if (options.voice === false)
        await post("rtc_unavailable", { reason: "visitor chose chat" }).catch(() => undefined);
      return;
    }
    if (m.kind === "ended") {
      options.onEvent({
        type: "ended",
        resolution: String(m.payload.resolution ?? ""),
        ticketNumber: (m.payload.ticketNumber as string | undefined) ?? null,
      });
      peer?.close();
      return;
    }
    if (m.kind === "chat") {
      options.onEvent({
        type: "chat",
        from: m.sender === "agent" ? "agent" : "visitor",
        text: String(m.payload.text ?? ""),
        at: m.at,
      });
      return;
    }
    if (m.sender === "agent" && options.voice !== false)
      await ensurePeer().receive(m.kind, m.payload);
  }

  async function loop(): Promise<void> {
    let backoff = 500;
    while (!stopped) {
      try {
        const url = `${base}/v1/handoff?after=${after}&state=${encodeURIComponent(state)}&waitMs=${options.waitMs ?? 20_000}`;
        const res = await fetch(url, { headers, signal: controller.signal });
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
        const body = (await res.json()) as {
          escalation: { state: string; agentName: string | null } | null;
          messages: WireMessage[];
        };
        backoff = 500;
        const next = body.escalation?.state ?? "none";
        if (next !== state) {
          state = next;
          options.onEvent({ type: "state", state, agentName: body.escalation?.agentName ?? null });
        }
        for (const m of body.messages) {
          after = Math.max(after, m.id);
          await handle(m);
        }
        if (state === "ended" && body.messages.length === 0) return;
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
    sendChat: (text) => post("chat", { text }),
    stop() {
      stopped = true;
      controller.abort();
      peer?.close();
    },
  };
}
