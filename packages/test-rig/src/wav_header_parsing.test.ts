import { describe, expect, it } from "vitest";
import {
  WavFormatError,
  decodeWavMono,
  encodeWavPcm16,
  parseWavHeader,
  prependSilence,
  rms,
  voicedSpanMs,
} from "./wav";

/** Builds a RIFF file from raw chunks, so odd layouts can be tested. */
function riff(chunks: { id: string; body: Uint8Array; size?: number }[], riffSize?: number) {
  const parts: number[] = [];
  const push32 = (n: number) =>
    parts.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255);
  const pushTag = (tag: string) => parts.push(...[...tag].map((c) => c.charCodeAt(0)));
  pushTag("RIFF");
  push32(0);
  pushTag("WAVE");
  for (const chunk of chunks) {
    pushTag(chunk.id);
    push32(chunk.size ?? chunk.body.length);
    parts.push(...chunk.body);
    if (chunk.body.length % 2 === 1) parts.push(0);
  }
  const bytes = Uint8Array.from(parts);
  new DataView(bytes.buffer).setUint32(4, riffSize ?? bytes.length - 8, true);
  return bytes;
}

function fmt(tag: number, channels: number, rate: number, bits: number, extensibleTag?: number) {
  const size = extensibleTag === undefined ? 16 : 40;
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  view.setUint16(0, tag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, (rate * channels * bits) / 8, true);
  view.setUint16(12, (channels * bits) / 8, true);
  view.setUint16(14, bits, true);
  if (extensibleTag !== undefined) {
    view.setUint16(16, 22, true);
    view.setUint16(24, extensibleTag, true);
  }
  return body;
}

describe("parseWavHeader", () => {
  it("reads what encodeWavPcm16 writes", () => {
    const bytes = encodeWavPcm16(new Float32Array(16_000), 16_000);
    expect(parseWavHeader(bytes)).toEqual({
      format: "pcm",
      channels: 1,
      sampleRate: 16_000,
      bitsPerSample: 16,
      dataOffset: 44,
      dataBytes: 32_000,
      frames: 16_000,
      durationMs: 1_000,
    });
  });

  it("skips unknown chunks, including odd-sized ones with their pad byte", () => {
    const data = new Uint8Array(8 * 4); // 8 stereo float frames
    const bytes = riff([
      { id: "fmt ", body: fmt(3, 2, 48_000, 32) },
      { id: "LIST", body: new Uint8Array(5) },
      { id: "data", body: data },
    ]);
    const info = parseWavHeader(bytes);
    expect(info.format).toBe("float");
    expect(info.channels).toBe(2);
    expect(info.frames).toBe(4);
    expect(info.dataOffset).toBe(12 + 24 + 8 + 6 + 8);
  });

  it("understands WAVE_FORMAT_EXTENSIBLE by its sub-format", () => {
    const bytes = riff([
      { id: "fmt ", body: fmt(0xfffe, 1, 22_050, 16, 1) },
      { id: "data", body: new Uint8Array(44_100) },
    ]);
    expect(parseWavHeader(bytes)).toMatchObject({
      format: "pcm",
      frames: 22_050,
      durationMs: 1_000,
    });
  });

  it("trusts the bytes present when a streamed WAV carries a placeholder size", () => {
    const bytes = riff(
      [
        { id: "fmt ", body: fmt(1, 1, 8_000, 16) },
        { id: "data", body: new Uint8Array(200), size: 0x7fffffff },
      ],
      0xffffffff,
    );
    expect(parseWavHeader(bytes).frames).toBe(100);
  });

  it.each([
    ["too short", new Uint8Array(4), /only 4 bytes/],
    ["not RIFF", new TextEncoder().encode("ID3\u0004 this is an mp3 file"), /RIFF\/WAVE/],
    [
      "ADPCM",
      riff([
        { id: "fmt ", body: fmt(2, 1, 8_000, 4) },
        { id: "data", body: new Uint8Array(8) },
      ]),
      /format tag 2/,
    ],
    [
      "12-bit PCM",
      riff([
        { id: "fmt ", body: fmt(1, 1, 8_000, 12) },
        { id: "data", body: new Uint8Array(8) },
      ]),
      /12-bit/,
    ],
    [
      "data before fmt",
      riff([
        { id: "data", body: new Uint8Array(8) },
        { id: "fmt ", body: fmt(1, 1, 8_000, 16) },
      ]),
      /before fmt/,
    ],
    ["no data", riff([{ id: "fmt ", body: fmt(1, 1, 8_000, 16) }]), /no data chunk/],
    ["no fmt", riff([{ id: "LIST", body: new Uint8Array(4) }]), /no fmt chunk/],
    [
      "zero channels",
      riff([
        { id: "fmt ", body: fmt(1, 0, 8_000, 16) },
        { id: "data", body: new Uint8Array(8) },
      ]),
      /zero channels/,
    ],
  ])("rejects %s with a WavFormatError", (_name, bytes, message) => {
    expect(() => parseWavHeader(bytes)).toThrow(WavFormatError);
    expect(() => parseWavHeader(bytes)).toThrow(message);
  });
});

describe("decodeWavMono", () => {
  it("round-trips 16-bit samples within quantisation error", () => {
    const tone = Float32Array.from(
      { length: 1_600 },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16_000),
    );
    const { samples } = decodeWavMono(encodeWavPcm16(tone, 16_000));
    expect(samples.length).toBe(tone.length);
    for (let i = 0; i < tone.length; i++)
      expect(Math.abs((samples[i] ?? 0) - (tone[i] ?? 0))).toBeLessThan(1e-4);
  });

  it("mixes stereo down and reads 8-, 24-bit and float samples", () => {
    const stereo24 = new Uint8Array([0xff, 0xff, 0x3f, 0x00, 0x00, 0xc0]); // L ≈ +0.5, R = -0.5
    expect(
      decodeWavMono(
        riff([
          { id: "fmt ", body: fmt(1, 2, 8_000, 24) },
          { id: "data", body: stereo24 },
        ]),
      ).samples[0],
    ).toBeCloseTo(0, 5);
    const unsigned8 = new Uint8Array([128, 255, 0]);
    expect([
      ...decodeWavMono(
        riff([
          { id: "fmt ", body: fmt(1, 1, 8_000, 8) },
          { id: "data", body: unsigned8 },
        ]),
      ).samples,
    ]).toEqual([0, 127 / 128, -1]);
    const float = new Uint8Array(new Float32Array([0.25, -0.75]).buffer);
    expect([
      ...decodeWavMono(
        riff([
          { id: "fmt ", body: fmt(3, 1, 8_000, 32) },
          { id: "data", body: float },
        ]),
      ).samples,
    ]).toEqual([0.25, -0.75]);
  });

  it("clips out-of-range input when encoding", () => {
    const { samples } = decodeWavMono(encodeWavPcm16([2, -2], 8_000));
    expect(samples[0]).toBeCloseTo(1, 3);
    expect(samples[1]).toBeCloseTo(-1, 3);
  });
});

describe("levels", () => {
  it("measures RMS and finds where the sound is", () => {
    const rate = 16_000;
    const samples = new Float32Array(rate); // 1 s
    for (let i = 4_000; i < 8_000; i++) samples[i] = 0.3 * Math.sin(i / 3); // 250–500 ms
    expect(rms(new Float32Array(100))).toBe(0);
    expect(rms([0.5, -0.5])).toBeCloseTo(0.5);
    expect(voicedSpanMs(samples, rate)).toEqual({ startMs: 250, endMs: 500 });
    expect(voicedSpanMs(new Float32Array(rate), rate)).toBeUndefined();
  });
});

describe("prependSilence", () => {
  it("delays the sound by exactly the silence and keeps the format", () => {
    const rate = 22_050;
    const sound = Float32Array.from({ length: rate / 2 }, (_, i) => 0.4 * Math.sin(i / 5));
    const padded = prependSilence(encodeWavPcm16(sound, rate), 1_500);
    const info = parseWavHeader(padded);
    expect(info).toMatchObject({ format: "pcm", channels: 1, sampleRate: rate, bitsPerSample: 16 });
    expect(info.durationMs).toBeCloseTo(2_000, 0);
    expect(new DataView(padded.buffer).getUint32(4, true)).toBe(padded.byteLength - 8);
    const { samples } = decodeWavMono(padded);
    const span = voicedSpanMs(samples, rate);
    expect(span?.startMs).toBeGreaterThanOrEqual(1_490);
    expect(span?.startMs).toBeLessThanOrEqual(1_510);
    expect(rms(samples, 0, rate)).toBe(0);
  });

  it("keeps chunks that follow the data and pads unsigned 8-bit with its midpoint", () => {
    const bytes = riff([
      { id: "fmt ", body: fmt(1, 1, 1_000, 8) },
      { id: "data", body: new Uint8Array([200, 60]) },
      { id: "LIST", body: new TextEncoder().encode("tags") },
    ]);
    const padded = prependSilence(bytes, 4);
    expect([...decodeWavMono(padded).samples].slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(new TextDecoder().decode(padded.subarray(padded.length - 4))).toBe("tags");
    expect(() => prependSilence(bytes, -1)).toThrow(RangeError);
  });
});
