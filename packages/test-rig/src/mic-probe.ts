import type { Page } from "@playwright/test";

/**
 * Listens to the page's microphone (getUserMedia → AnalyserNode) and reports its level over
 * time: proof that audio from the fake device (or the injected mic) reaches the page.
 */

export interface MicLevels {
  /** RMS per frame of analysis, roughly every `intervalMs`. */
  rms: number[];
  peakRms: number;
  /** ms after getUserMedia resolved when RMS first crossed `threshold` (undefined: never). */
  firstSoundMs: number | undefined;
  /** ms of frames above `threshold`. */
  voicedMs: number;
  trackLabel: string;
  sampleRate: number;
}

export interface ProbeOptions {
  durationMs?: number;
  intervalMs?: number;
  threshold?: number;
}

export async function probeMicLevels(page: Page, options: ProbeOptions = {}): Promise<MicLevels> {
  return page.evaluate(
    async ({ durationMs, intervalMs, threshold }) => {
      const stream = await navigator.mediaDevices.getUserMedia({
        // Raw signal: no processing that could gate or reshape the test speech.
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
      const openedAt = performance.now();
      const context = new AudioContext();
      if (context.state !== "running") await context.resume();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const frame = new Float32Array(analyser.fftSize);
      const rms: number[] = [];
      let firstSoundMs: number | undefined;
      let voicedMs = 0;
      while (performance.now() - openedAt < durationMs) {
        await new Promise((r) => setTimeout(r, intervalMs));
        analyser.getFloatTimeDomainData(frame);
        let sum = 0;
        for (const s of frame) sum += s * s;
        const level = Math.sqrt(sum / frame.length);
        rms.push(level);
        if (level > threshold) {
          voicedMs += intervalMs;
          firstSoundMs ??= performance.now() - openedAt;
        }
      }
      const trackLabel = stream.getAudioTracks()[0]?.label ?? "";
      stream.getTracks().forEach((t) => t.stop());
      const sampleRate = context.sampleRate;
      await context.close();
      return {
        rms,
        peakRms: Math.max(0, ...rms),
        firstSoundMs,
        voicedMs,
        trackLabel,
        sampleRate,
      };
    },
    {
      durationMs: options.durationMs ?? 4_000,
      intervalMs: options.intervalMs ?? 50,
      threshold: options.threshold ?? 0.01,
    },
  );
}

export interface LevelSample {
  /** performance.now() in the page. */
  at: number;
  rms: number;
}

interface MonitorWindow {
  __parleyMicMonitor?: { samples: LevelSample[]; stop: () => Promise<void> };
}

/**
 * Opens the microphone and keeps sampling its level in the background (every intervalMs)
 * until stopMicMonitor; for multi-turn tests that compare levels with when utterances played.
 */
export async function startMicMonitor(page: Page, intervalMs = 50): Promise<void> {
  await page.evaluate(async (interval) => {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    const context = new AudioContext();
    if (context.state !== "running") await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const frame = new Float32Array(analyser.fftSize);
    const samples: LevelSample[] = [];
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(frame);
      let sum = 0;
      for (const s of frame) sum += s * s;
      samples.push({ at: performance.now(), rms: Math.sqrt(sum / frame.length) });
    }, interval);
    (window as MonitorWindow).__parleyMicMonitor = {
      samples,
      stop: async () => {
        clearInterval(timer);
        stream.getTracks().forEach((t) => t.stop());
        await context.close();
      },
    };
  }, intervalMs);
}

/** Stops the monitor and returns every level sample it took. */
export async function stopMicMonitor(page: Page): Promise<LevelSample[]> {
  return page.evaluate(async () => {
    const monitor = (window as MonitorWindow).__parleyMicMonitor;
    if (!monitor) throw new Error("mic monitor not started (call startMicMonitor first)");
    await monitor.stop();
    return monitor.samples;
  });
}

/** Highest level among samples taken in [from, to] (page clock). */
export function peakBetween(samples: readonly LevelSample[], from: number, to: number): number {
  return Math.max(0, ...samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rms));
}
