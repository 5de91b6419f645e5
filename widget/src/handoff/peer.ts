/**
 * One side of the warm-handoff voice call: a WebRTC peer connection whose offer, answer and ICE
 * candidates travel through the relay (`handoff_messages`). Framework-free; used by the agent
 * console (offerer) and the visitor's widget (answerer). ICE servers (STUN/TURN) and the
 * transport policy come from the site's config (`RtcSettings`); without any, the browsers reach
 * each other directly or the call falls back to text chat.
 */
import type { RtcSettings, SignalKind } from "@parley/protocol";

export type { SignalKind };

export interface PeerOptions {
  /** The agent makes the offer; the visitor answers. */
  role: "offerer" | "answerer";
  /** Posts one signalling message to the relay. */
  send: (kind: SignalKind, payload: Record<string, unknown>) => Promise<void>;
  /** Remote audio arrived (attach it to an <audio> element). */
  onRemoteStream?: (stream: MediaStream) => void;
  /** connecting → connected, or failed (then use the chat). */
  onState?: (state: "connecting" | "connected" | "failed", reason?: string) => void;
  /** The site's ICE servers and transport policy (default: none, "all"). */
  rtc?: RtcSettings;
  /**
   * The microphone to send (the widget passes the call's own stream, so the agent hears the same
   * microphone the AI listened to). Default: getUserMedia with echo cancellation. A given stream
   * is the caller's: close() leaves its tracks running.
   */
  localStream?: MediaStream;
  /** Give up on voice after this long without a connection, ms. */
  connectTimeoutMs?: number;
}

export interface Peer {
  /** Feed a signalling message from the other side. */
  receive(kind: string, payload: unknown): Promise<void>;
  /** Starts the call (the offerer calls this; the answerer starts on the offer). */
  start(): Promise<void>;
  close(): void;
  readonly connection: RTCPeerConnection | undefined;
  readonly localStream: MediaStream | undefined;
}

export function webRtcAvailable(): boolean {
  return typeof RTCPeerConnection === "function" && Boolean(navigator.mediaDevices?.getUserMedia);
}

export function createPeer(options: PeerOptions): Peer {
  let pc: RTCPeerConnection | undefined;
  let local: MediaStream | undefined;
  let failed = false;
  let connected = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pendingCandidates: RTCIceCandidateInit[] = [];

  const fail = async (reason: string, tell = true) => {
    if (failed || connected) return;
    failed = true;
    if (timer) clearTimeout(timer);
    options.onState?.("failed", reason);
    if (tell)
      await options
        .send("rtc_unavailable", { reason: reason.slice(0, 200) })
        .catch(() => undefined);
  };

  async function ensureConnection(): Promise<RTCPeerConnection | undefined> {
    if (pc || failed) return pc;
    if (!webRtcAvailable()) {
      await fail("WebRTC is not available in this browser");
      return undefined;
    }
    try {
      local =
        options.localStream ??
        (await navigator.mediaDevices.getUserMedia({
          audio: { echoCancellation: true, noiseSuppression: true },
          video: false,
        }));
    } catch (error) {
      await fail(`microphone unavailable: ${(error as Error).name}`);
      return undefined;
    }
    pc = new RTCPeerConnection({
      iceServers: options.rtc?.iceServers ?? [],
      iceTransportPolicy: options.rtc?.iceTransportPolicy ?? "all",
    });
    options.onState?.("connecting");
    timer = setTimeout(
      () => void fail("voice connection timed out"),
      options.connectTimeoutMs ?? 15_000,
    );
    for (const track of local.getTracks()) pc.addTrack(track, local);
    pc.onicecandidate = (event) => {
      if (event.candidate)
        void options.send("candidate", event.candidate.toJSON() as Record<string, unknown>);
    };
    pc.ontrack = (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      options.onRemoteStream?.(stream);
    };
    pc.onconnectionstatechange = () => {
      if (!pc) return;
      if (pc.connectionState === "connected" && !connected) {
        connected = true;
        if (timer) clearTimeout(timer);
        options.onState?.("connected");
        void options.send("rtc_connected", {});
      } else if (pc.connectionState === "failed") {
        void fail("voice connection failed");
      }
    };
    return pc;
  }

  async function flushCandidates(): Promise<void> {
    if (!pc?.remoteDescription) return;
    while (pendingCandidates.length) {
      const c = pendingCandidates.shift()!;
      await pc.addIceCandidate(c).catch(() => undefined);
    }
  }

  return {
    get connection() {
      return pc;
    },
    get localStream() {
      return local;
    },
    async start() {
      if (options.role !== "offerer") return;
      const conn = await ensureConnection();
      if (!conn) return;
      const offer = await conn.createOffer();
      await conn.setLocalDescription(offer);
      await options.send("offer", { type: "offer", sdp: offer.sdp ?? "" });
    },
    async receive(kind, payload) {
      if (failed) return;
      if (kind === "rtc_unavailable") {
        await fail(
          `the other side cannot do voice (${String((payload as { reason?: string })?.reason ?? "unknown")})`,
          false,
        );
        return;
      }
      if (kind === "offer" && options.role === "answerer") {
        const conn = await ensureConnection();
        if (!conn) return;
        await conn.setRemoteDescription(payload as RTCSessionDescriptionInit);
        const answer = await conn.createAnswer();
        await conn.setLocalDescription(answer);
        await options.send("answer", { type: "answer", sdp: answer.sdp ?? "" });
        await flushCandidates();
      } else if (kind === "answer" && options.role === "offerer" && pc) {
        await pc.setRemoteDescription(payload as RTCSessionDescriptionInit);
        await flushCandidates();
      } else if (kind === "candidate") {
        pendingCandidates.push(payload as RTCIceCandidateInit);
        await flushCandidates();
      }
    },
    close() {
      if (timer) clearTimeout(timer);
      pc?.close();
      if (local !== options.localStream) for (const track of local?.getTracks() ?? []) track.stop();
      pc = undefined;
    },
  };
}
