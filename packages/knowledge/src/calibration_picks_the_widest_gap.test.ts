import { describe, expect, it } from "vitest";
import { calibrateThreshold, defaultThreshold } from "./calibration";

describe("threshold calibration", () => {
  it("puts the cut-off in the middle of the gap between answerable and unanswerable scores", () => {
    const samples = [
      ...[0.55, 0.6, 0.72].map((topScore) => ({ question: "a", topScore, answerable: true })),
      ...[0.2, 0.31, 0.45].map((topScore) => ({ question: "u", topScore, answerable: false })),
    ];
    const threshold = calibrateThreshold(samples, "use-lite");
    expect(threshold.noAnswerBelow).toBe(0.5);
    expect(threshold.greyZoneFrom).toBe(0.4);
    expect(threshold.errors).toBe(0);
    expect(threshold.method).toMatch(/3 answerable and 3 unanswerable/);
  });

  it("minimises errors when the sets overlap", () => {
    const samples = [
      ...[0.3, 0.6, 0.7, 0.8].map((topScore) => ({ question: "a", topScore, answerable: true })),
      ...[0.1, 0.2, 0.65].map((topScore) => ({ question: "u", topScore, answerable: false })),
    ];
    const threshold = calibrateThreshold(samples, "use-lite");
    // 0.25 misclassifies only the unanswerable 0.65; any cut above 0.3 costs more.
    expect(threshold.errors).toBe(1);
    expect(threshold.noAnswerBelow).toBe(0.25);
  });

  it("falls back to the embedder's default without both kinds of question", () => {
    expect(
      calibrateThreshold([{ question: "a", topScore: 0.9, answerable: true }], "use-lite")
        .noAnswerBelow,
    ).toBe(defaultThreshold("use-lite").noAnswerBelow);
    expect(defaultThreshold("transformers:Xenova/bge-small-en-v1.5").method).toMatch(
      /uncalibrated/,
    );
    expect(() => defaultThreshold("word2vec")).toThrow(/unknown embedder/);
  });
});
