import type { TurnTimings } from "@parley/protocol";

/**
 * The stopwatch of one turn (`performance.now()` marks). Stage fields are durations of that
 * stage; `voice_to_voice_ms` and `turn_ms` run from the end of the visitor's speech:
 *
 *   stt_ms               end of speech → transcript (the visitor's wait for Whisper)
 *   retrieval_ms         question → passages (embedding + search)
 *   brain_first_token_ms brain start → first `immediate_response` text
 *   brain_ms             brain start → complete, validated turn
 *   tts_first_audio_ms   first sentence handed to TTS → audible (`onstart`)
 *   voice_to_voice_ms    end of speech → first audible word (what the visitor feels)
 *   turn_ms              end of speech → last word of the answer
 *
 * A typed turn (no speech) starts its clock when the text is submitted.
 */
export type TurnMark =
  | "speechEnded"
  | "transcript"
  | "retrievalStart"
  | "retrievalEnd"
  | "brainStart"
  | "firstToken"
  | "brainEnd"
  | "ttsRequested"
  | "audible"
  | "turnEnd";

export class TurnClock {
  private readonly marks = new Map<TurnMark, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Record a mark (first occurrence wins), optionally at a known time. */
  mark(name: TurnMark, at = this.now()): void {
    if (!this.marks.has(name)) this.marks.set(name, at);
  }

  has(name: TurnMark): boolean {
    return this.marks.has(name);
  }

  get(name: TurnMark): number | undefined {
    return this.marks.get(name);
  }

  timings(): TurnTimings {
    const span = (from: TurnMark, to: TurnMark): number | undefined => {
      const a = this.marks.get(from);
      const b = this.marks.get(to);
      return a === undefined || b === undefined || b < a
        ? undefined
        : Math.round((b - a) * 10) / 10;
    };
    const result: TurnTimings = {
      stt_ms: span("speechEnded", "transcript"),
      retrieval_ms: span("retrievalStart", "retrievalEnd"),
      brain_first_token_ms: span("brainStart", "firstToken"),
      brain_ms: span("brainStart", "brainEnd"),
      tts_first_audio_ms: span("ttsRequested", "audible"),
      voice_to_voice_ms: span("speechEnded", "audible"),
      turn_ms: span("speechEnded", "turnEnd"),
    };
    for (const key of Object.keys(result) as (keyof TurnTimings)[])
      if (result[key] === undefined) delete result[key];
    return result;
  }
}
