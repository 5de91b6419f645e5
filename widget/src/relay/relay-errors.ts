/** A relay call that failed; `retryable` says whether trying again (later) can help. */
export class RelayError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    /** HTTP status, or null when the relay could not be reached at all. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = "RelayError";
  }
}

export const isRetryableRelayError = (error: unknown): boolean =>
  error instanceof RelayError && error.retryable;
