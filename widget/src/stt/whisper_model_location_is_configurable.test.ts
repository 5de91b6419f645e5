import { describe, expect, it } from "vitest";
import { resolveWhisperSource } from "./speech-to-text";
import { whisperLanguage } from "./whisper-worker-client";

describe("resolveWhisperSource", () => {
  it("treats a plain id as a hub model", () => {
    expect(resolveWhisperSource("Xenova/whisper-base", "https://site/")).toEqual({
      modelId: "Xenova/whisper-base",
      localModelPath: null,
    });
  });
  it("splits an absolute self-hosted URL into a local model path and an id", () => {
    expect(
      resolveWhisperSource("https://cdn.site/parley/models/Xenova/whisper-base/", "https://x/"),
    ).toEqual({
      modelId: "Xenova/whisper-base",
      localModelPath: "https://cdn.site/parley/models/",
    });
  });
  it("resolves a relative URL against the asset base", () => {
    expect(
      resolveWhisperSource("/assets/models/Xenova/whisper-tiny", "http://127.0.0.1:5173/page/"),
    ).toEqual({
      modelId: "Xenova/whisper-tiny",
      localModelPath: "http://127.0.0.1:5173/assets/models/",
    });
  });
});

describe("whisperLanguage", () => {
  it("maps BCP 47 tags to Whisper's language names", () => {
    expect(whisperLanguage("en-IN")).toBe("english");
    expect(whisperLanguage("hi")).toBe("hindi");
    expect(whisperLanguage("xx")).toBe("english");
  });
});
