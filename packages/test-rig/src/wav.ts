/**
 * Minimal RIFF/WAVE reading and writing for test audio: enough to check that a file Chromium
 * will play as a fake microphone really is a WAV (a bad file gives silence, no error), to know
 * how long an utterance lasts, and to measure its energy. Pure: no I/O, runs anywhere.
 */

export type WavSampleFormat = "pcm" | "float";

export interface WavInfo {
  format: WavSampleFormat;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Byte offset of the first sample in the buffer. */
  dataOffset: number;
  /** Bytes of sample data actually present (clamped to the buffer for streamed WAVs). */
  dataBytes: number;
  frames: number;
  durationMs: number;
}

export class WavFormatError extends Error {
  /** Retrying the same bytes gives the same answer. */
  readonly retryable = false;
  constructor(message: string) {
    super(`not a usable WAV: ${message}`);
    this.name = "WavFormatError";
  }
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function fourCC(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads the header of a WAV file; throws WavFormatError when it is not PCM/float WAV. */
export function parseWavHeader(bytes: Uint8Array): WavInfo {
  if (bytes.byteLength < 12) throw new WavFormatError(`only ${bytes.byteLength} bytes`);
  const view = viewOf(bytes);
  if (fourCC(view, 0) !== "RIFF" || fourCC(view, 8) !== "WAVE") {
    throw new WavFormatError("no RIFF/WAVE signature");
  }
  let fmt: Omit<WavInfo, "dataOffset" | "dataBytes" | "frames" | "durationMs"> | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = fourCC(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.byteLength)
        throw new WavFormatError("fmt chunk too short");
      let tag = view.getUint16(body, true);
      if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.byteLength) {
        // The sub-format GUID starts with the plain format tag.
        tag = view.getUint16(body + 24, true);
      }
      if (tag !== WAVE_FORMAT_PCM && tag !== WAVE_FORMAT_IEEE_FLOAT) {
        throw new WavFormatError(`unsupported format tag ${tag} (want PCM or IEEE float)`);
      }
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      if (channels < 1) throw new WavFormatError("zero channels");
      if (sampleRate < 1) throw new WavFormatError("zero sample rate");
      const supported =
        tag === WAVE_FORMAT_PCM ? [8, 16, 24, 32].includes(bitsPerSample) : bitsPerSample === 32;
      if (!supported) {
        throw new WavFormatError(`unsupported ${bitsPerSample}-bit samples`);
      }
      fmt = {
        format: tag === WAVE_FORMAT_PCM ? "pcm" : "float",
        channels,
        sampleRate,
        bitsPerSample,
      };
    } else if (id === "data") {
      if (!fmt) throw new WavFormatError("data chunk before fmt chunk");
      // Streamed WAVs (written to a pipe) carry a placeholder size: trust the bytes we have.
      const dataBytes = Math.min(size, bytes.byteLength - body);
      const blockAlign = fmt.channels * (fmt.bitsPerSample / 8);
      const frames = Math.floor(dataBytes / blockAlign);
      return {
        ...fmt,
        dataOffset: body,
        dataBytes: frames * blockAlign,
        frames,
        durationMs: (frames / fmt.sampleRate) * 1000,
      };
    }
    // Chunks are padded to an even size.
    offset = body + size + (size % 2);
  }
  throw new WavFormatError(fmt ? "no data chunk" : "no fmt chunk");
}

/** Decodes the samples to floats in [-1, 1], channels mixed down to mono. */
export function decodeWavMono(bytes: Uint8Array): { info: WavInfo; samples: Float32Array } {
  const info = parseWavHeader(bytes);
  const view = viewOf(bytes);
  const bytesPerSample = info.bitsPerSample / 8;
  const samples = new Float32Array(info.frames);
  for (let frame = 0; frame < info.frames; frame++) {
    let sum = 0;
    for (let ch = 0; ch < info.channels; ch++) {
      const at = info.dataOffset + (frame * info.channels + ch) * bytesPerSample;
      sum += readSample(view, at, info);
    }
    samples[frame] = sum / info.channels;
  }
  return { info, samples };
}

function readSample(view: DataView, at: number, info: WavInfo): number {
  if (info.format === "float") return view.getFloat32(at, true);
  switch (info.bitsPerSample) {
    case 8:
      return (view.getUint8(at) - 128) / 128;
    case 16:
      return view.getInt16(at, true) / 32768;
    case 24: {
      const value = view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
      return value / 8388608;
    }
    default:
      return view.getInt32(at, true) / 2147483648;
  }
}

/** Encodes mono float samples as 16-bit PCM WAV (clipped to [-1, 1]). */
export function encodeWavPcm16(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1) {
    throw new RangeError(`sample rate must be a positive integer, got ${sampleRate}`);
  }
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = viewOf(bytes);
  const writeTag = (offset: number, tag: string) => {
    for (let i = 0; i < 4; i++) view.setUint8(offset + i, tag.charCodeAt(i));
  };
  writeTag(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  writeTag(8, "WAVE");
  writeTag(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeTag(36, "data");
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const clipped = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(44 + i * 2, Math.round(clipped * 32767), true);
  }
  return bytes;
}

/** Root-mean-square level of samples in [-1, 1] (0 for silence). */
export function rms(samples: ArrayLike<number>, start = 0, end = samples.length): number {
  const from = Math.max(0, start);
  const to = Math.min(samples.length, end);
  if (to <= from) return 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const s = samples[i] ?? 0;
    sum += s * s;
  }
  return Math.sqrt(sum / (to - from));
}

/**
 * Where the sound is: first and last 10 ms window whose RMS exceeds `threshold`, in ms.
 * Undefined for a silent file. Lets tests time turns around a clip's leading/trailing silence.
 */
export function voicedSpanMs(
  samples: ArrayLike<number>,
  sampleRate: number,
  threshold = 0.01,
): { startMs: number; endMs: number } | undefined {
  const window = Math.max(1, Math.round(sampleRate / 100));
  let first = -1;
  let last = -1;
  for (let at = 0; at < samples.length; at += window) {
    if (rms(samples, at, at + window) > threshold) {
      if (first < 0) first = at;
      last = Math.min(samples.length, at + window);
    }
  }
  if (first < 0) return undefined;
  return { startMs: (first / sampleRate) * 1000, endMs: (last / sampleRate) * 1000 };
}

/**
 * The same WAV with `ms` of digital silence inserted before the first sample, in the file's
 * own format (sample rate, channels, bit depth unchanged; chunks after the data are kept).
 */
export function prependSilence(bytes: Uint8Array, ms: number): Uint8Array {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`silence must be >= 0 ms, got ${ms}`);
  const info = parseWavHeader(bytes);
  const blockAlign = info.channels * (info.bitsPerSample / 8);
  const addedBytes = Math.round((ms / 1000) * info.sampleRate) * blockAlign;
  const dataEnd = info.dataOffset + info.dataBytes;
  const out = new Uint8Array(bytes.byteLength + addedBytes);
  out.set(bytes.subarray(0, info.dataOffset), 0);
  // Unsigned 8-bit PCM is centred on 128; every other format's silence is zero bytes.
  if (info.format === "pcm" && info.bitsPerSample === 8) {
    out.fill(128, info.dataOffset, info.dataOffset + addedBytes);
  }
  out.set(bytes.subarray(info.dataOffset, dataEnd), info.dataOffset + addedBytes);
  out.set(bytes.subarray(dataEnd), dataEnd + addedBytes);
  const view = viewOf(out);
  view.setUint32(4, out.byteLength - 8, true);
  view.setUint32(info.dataOffset - 4, info.dataBytes + addedBytes, true);
  return out;
}
