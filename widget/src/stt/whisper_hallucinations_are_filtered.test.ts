import { describe, expect, it } from "vitest";
import {
  collapseRepeats,
  filterTranscript,
  rootMeanSquare,
  segmentStats,
} from "./hallucination-filter";

const loud = { durationMs: 1200, rms: 0.08 };
const quiet = { durationMs: 300, rms: 0.004 };

describe("filterTranscript", () => {
  it("keeps real questions untouched", () => {
    expect(filterTranscript(" What is your refund policy?", loud)).toBe(
      "What is your refund policy?",
    );
    expect(filterTranscript("It's 9876543210.", loud)).toBe("It's 9876543210.");
  });

  it("drops Whisper's known phantom phrases and pure annotations", () => {
    for (const phantom of [
      "[BLANK_AUDIO]",
      " (music)",
      "♪♪",
      "Thanks for watching!",
      "Thank you for watching.",
      "Subtitles by the Amara.org community",
      "Please subscribe to my channel.",
      " you",
      "...",
    ]) {
      expect(filterTranscript(phantom, quiet), phantom).toBeNull();
    }
  });

  it("keeps a loud 'Thank you.' (closing) but drops it on short quiet audio", () => {
    expect(filterTranscript("Thank you.", loud)).toBe("Thank you.");
    expect(filterTranscript("Thank you.", quiet)).toBeNull();
    expect(filterTranscript("Thank you.")).toBeNull();
  });

  it("removes annotations around real speech", () => {
    expect(filterTranscript("[NOISE] Send me the catalog on WhatsApp (coughs)", loud)).toBe(
      "Send me the catalog on WhatsApp",
    );
  });

  it("collapses decoder loops", () => {
    expect(collapseRepeats("Refund. Refund. Refund. Refund.")).toBe("Refund.");
    expect(filterTranscript("I want a refund I want a refund I want a refund", loud)).toBe(
      "I want a refund",
    );
  });
});

describe("energy", () => {
  it("measures RMS and duration of a segment", () => {
    const samples = new Float32Array(16000).fill(0.5);
    expect(rootMeanSquare(samples)).toBeCloseTo(0.5);
    expect(segmentStats(samples)).toEqual({ durationMs: 1000, rms: 0.5 });
    expect(rootMeanSquare(new Float32Array(0))).toBe(0);
  });
});
