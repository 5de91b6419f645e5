import { TurnTimings } from "@parley/protocol";
import { describe, expect, it } from "vitest";
import { TurnClock } from "./turn-clock";

describe("TurnClock", () => {
  it("turns marks into per-stage durations and voice-to-voice from the end of speech", () => {
    const clock = new TurnClock();
    clock.mark("speechEnded", 1000);
    clock.mark("transcript", 1800);
    clock.mark("retrievalStart", 1801);
    clock.mark("retrievalEnd", 1851);
    clock.mark("brainStart", 1851);
    clock.mark("firstToken", 1860);
    clock.mark("ttsRequested", 1861);
    clock.mark("audible", 2010);
    clock.mark("brainEnd", 1870);
    clock.mark("turnEnd", 6000);
    const timings = clock.timings();
    expect(timings).toEqual({
      stt_ms: 800,
      retrieval_ms: 50,
      brain_first_token_ms: 9,
      brain_ms: 19,
      tts_first_audio_ms: 149,
      voice_to_voice_ms: 1010,
      turn_ms: 5000,
    });
    expect(TurnTimings.safeParse(timings).success).toBe(true);
  });

  it("omits stages that did not run (a typed turn has no STT) and keeps the first mark", () => {
    const clock = new TurnClock(() => 5);
    clock.mark("brainStart", 1);
    clock.mark("brainStart", 3);
    clock.mark("brainEnd", 4);
    expect(clock.timings()).toEqual({ brain_ms: 3 });
  });
});
