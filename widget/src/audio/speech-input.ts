/**
 * The listening stage: microphone in, speech segments out. Implementations run a voice
 * activity detector and hand over whole utterances (16 kHz mono, with pre-speech padding);
 * misfires (too short to be speech) are dropped inside.
 */
export interface SpeechInputEvents {
  /** The detector thinks speech began (may still turn out to be a misfire). */
  speechStart: { at: number };
  /** A complete utterance. `endedAt` is the last frame that held speech (before the hang-over). */
  speechEnd: { audio: Float32Array; endedAt: number; at: number };
  misfire: { at: number };
  /** Every frame (~32 ms): speech probability and input level, for barge-in and the meter. */
  frame: { probability: number; level: number; at: number };
}

export interface SpeechInput {
  start(): Promise<void>;
  /** Stop delivering audio (mute); the microphone stays open. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  destroy(): Promise<void>;
  on<K extends keyof SpeechInputEvents>(
    event: K,
    handler: (payload: SpeechInputEvents[K]) => void,
  ): () => void;
}
