import { describe, expect, it } from "vitest";
import type { LoadProgress } from "../core/voice-agent";
import {
  applyAction,
  applyCaption,
  applyProgress,
  applyState,
  INITIAL_SNAPSHOT,
} from "./view-model";

const part = (p: Partial<LoadProgress> & Pick<LoadProgress, "part">): LoadProgress => ({
  label: p.part,
  loadedBytes: 0,
  totalBytes: null,
  fraction: 0,
  fromCache: false,
  ...p,
});

describe("snapshot folding", () => {
  it("replaces an interim visitor caption by its final version in place", () => {
    let s = applyCaption(INITIAL_SNAPSHOT, {
      id: "a0",
      speaker: "agent",
      text: "Hi!",
      final: true,
      at: 1,
    });
    s = applyCaption(s, {
      id: "v1",
      speaker: "visitor",
      text: "what is your",
      final: false,
      at: 2,
    });
    s = applyCaption(s, {
      id: "v1",
      speaker: "visitor",
      text: "What is your refund policy?",
      final: true,
      at: 3,
    });
    expect(s.transcript).toHaveLength(2);
    expect(s.transcript[1]).toMatchObject({
      kind: "caption",
      text: "What is your refund policy?",
      final: true,
    });
  });

  it("adds up bytes across models and knows when sizes are unknown", () => {
    let s = applyState(INITIAL_SNAPSHOT, "loading");
    s = applyProgress(
      s,
      part({ part: "vad", loadedBytes: 1_000_000, totalBytes: 2_000_000, fraction: 0.5 }),
    );
    s = applyProgress(
      s,
      part({ part: "stt", loadedBytes: 0, totalBytes: 78_000_000, fraction: 0 }),
    );
    expect(s.progress).toMatchObject({ loadedBytes: 1_000_000, totalBytes: 80_000_000 });
    expect(s.progress?.fraction).toBeCloseTo(1 / 80);
    s = applyProgress(
      s,
      part({ part: "vad", loadedBytes: 2_000_000, totalBytes: 2_000_000, fraction: 1 }),
    );
    s = applyProgress(s, part({ part: "index", loadedBytes: 10, totalBytes: null, fraction: 0.5 }));
    expect(s.progress?.totalBytes).toBeNull();
    expect(s.progress?.parts.map((p) => p.part)).toEqual(["vad", "stt", "index"]);
    expect(s.progress?.allFromCache).toBe(false);
    // Leaving the loading state hides the bar.
    expect(applyState(s, "listening").progress).toBeNull();
  });

  it("describes follow-ups the relay reports, updating one line per action", () => {
    let s = applyAction(
      INITIAL_SNAPSHOT,
      { actionId: "x1", type: "send_whatsapp", status: "queued" },
      1,
    );
    s = applyAction(s, { actionId: "x1", type: "send_whatsapp", status: "sent" }, 2);
    s = applyAction(
      s,
      { actionId: "t1", type: "create_ticket", status: "done", result: { ticketNumber: "#12345" } },
      3,
    );
    expect(s.transcript.map((t) => t.text)).toEqual([
      "WhatsApp message sent",
      "Support ticket #12345 created",
    ]);
  });

  it("counts a call as running from the microphone request until it ends", () => {
    let s = applyState(INITIAL_SNAPSHOT, "requesting_microphone");
    expect(s.inCall).toBe(true);
    s = applyState(s, "thinking");
    expect(s.inCall).toBe(true);
    s = applyState(s, "ended");
    expect(s.inCall).toBe(false);
  });
});
