import type { Page } from "@playwright/test";

/**
 * What a test needs to see of a page's WebRTC calls: the page's peer connections (captured as
 * they are made), the audio bytes they sent and received (`getStats`), and how loud the remote
 * audio is while something is said on the other side (an AnalyserNode on the received track).
 */

declare global {
  interface Window {
    __pcs?: RTCPeerConnection[];
  }
}

/** Records every RTCPeerConnection the page makes. Call before the page loads. */
export async function capturePeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__pcs = [];
    const Original = window.RTCPeerConnection;
    if (!Original) return;
    window.RTCPeerConnection = class extends Original {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        window.__pcs!.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/** Audio bytes of the page's latest peer connection (0/0 when it has none). */
export async function audioBytes(page: Page): Promise<{ sent: number; received: number }> {
  return page.evaluate(async () => {
    const pc = window.__pcs?.at(-1);
    if (!pc) return { sent: 0, received: 0 };
    let sent = 0;
    let received = 0;
    (await pc.getStats()).forEach(
      (r: { type: string; kind?: string; bytesSent?: number; bytesReceived?: number }) => {
        if (r.type === "outbound-rtp" && r.kind === "audio") sent += r.bytesSent ?? 0;
        if (r.type === "inbound-rtp" && r.kind === "audio") received += r.bytesReceived ?? 0;
      },
    );
    return { sent, received };
  });
}

/** The ICE candidate pair in use on the page's latest peer connection (its local type). */
export async function selectedCandidateType(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const pc = window.__pcs?.at(-1);
    if (!pc) return null;
    const stats = await pc.getStats();
    let type: string | null = null;
    stats.forEach(
      (r: { type: string; state?: string; nominated?: boolean; localCandidateId?: string }) => {
        if (
          r.type === "candidate-pair" &&
          r.state === "succeeded" &&
          r.nominated &&
          r.localCandidateId
        )
          type =
            (stats.get(r.localCandidateId) as { candidateType?: string } | undefined)
              ?.candidateType ?? null;
      },
    );
    return type;
  });
}

/** Starts measuring the loudest RMS of the remote audio of the page's latest peer connection. */
export async function startRemoteLevel(page: Page): Promise<void> {
  await page.evaluate(() => {
    const pc = window.__pcs?.at(-1);
    const track = pc?.getReceivers().find((r) => r.track.kind === "audio")?.track;
    if (!track) throw new Error("no remote audio track on the page's peer connection");
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const probe = { peak: 0, timer: 0 as unknown as ReturnType<typeof setInterval>, context };
    probe.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const x of samples) sum += x * x;
      probe.peak = Math.max(probe.peak, Math.sqrt(sum / samples.length));
    }, 20);
    (window as unknown as { __remoteLevel: typeof probe }).__remoteLevel = probe;
  });
}

/** Stops the measurement; returns the loudest RMS (0..1) heard since startRemoteLevel. */
export async function stopRemoteLevel(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const probe = (
      window as unknown as {
        __remoteLevel?: {
          peak: number;
          timer: ReturnType<typeof setInterval>;
          context: AudioContext;
        };
      }
    ).__remoteLevel;
    if (!probe) return 0;
    clearInterval(probe.timer);
    await probe.context.close();
    return probe.peak;
  });
}
