import { describe, expect, it } from "vitest";
import { pickVoice, type VoiceLike } from "./voice-choice";
import { speechTimeoutMs } from "./speaker";

const voice = (lang: string, name: string, extra: Partial<VoiceLike> = {}): VoiceLike => ({
  lang,
  name,
  default: false,
  localService: true,
  ...extra,
});

describe("pickVoice", () => {
  const voices = [
    voice("de-DE", "german"),
    voice("en-IN", "indian"),
    voice("en-US", "us"),
    voice("hi-IN", "hindi"),
  ];

  it("prefers the exact language tag", () => {
    expect(pickVoice(voices, "en-IN")?.name).toBe("indian");
  });
  it("falls back to the base language, US/GB English first", () => {
    expect(pickVoice(voices, "en")?.name).toBe("us");
    expect(pickVoice([voice("en-AU", "au"), voice("en-GB", "gb")], "en-NZ")?.name).toBe("gb");
  });
  it("returns null when no voice speaks the language", () => {
    expect(pickVoice(voices, "fr-FR")).toBeNull();
  });
  it("accepts espeak-style underscores and lower case", () => {
    expect(pickVoice([voice("en_us", "espeak")], "en-US")?.name).toBe("espeak");
  });
});

describe("speechTimeoutMs", () => {
  it("grows with the sentence and shrinks with a faster rate, never below the floor", () => {
    const short = speechTimeoutMs("Hi.");
    const long = speechTimeoutMs("x".repeat(300));
    expect(short).toBeGreaterThanOrEqual(4000);
    expect(long).toBeGreaterThan(short);
    expect(speechTimeoutMs("x".repeat(300), 2)).toBeLessThan(long);
  });
});
