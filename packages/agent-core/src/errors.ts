/**
 * Typed errors of the dialogue core. Each says whether trying the same thing again can help:
 * a model that wrote invalid JSON will do it again for the same prompt, so those are not
 * retryable (the engine answers that turn with the Lite brain instead).
 */
export type BrainOutputErrorCode = "invalid_json" | "truncated" | "schema";

export class BrainOutputError extends Error {
  override readonly name = "BrainOutputError";
  readonly retryable = false;
  constructor(
    readonly code: BrainOutputErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A story file that cannot be replayed; `field` names the bad part (e.g. "turns.2.user"). */
export class StoryError extends Error {
  override readonly name = "StoryError";
  readonly retryable = false;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
