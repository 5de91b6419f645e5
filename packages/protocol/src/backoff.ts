/**
 * Retries with exponential backoff and jitter, for calls whose failure says it is retryable: the
 * widget's relay calls, the relay's outbox sends and the knowledge-index upload share it.
 */

export interface BackoffOptions {
  /** Attempts after the first one. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** 0..1 → delay in [0, cap]; injectable so tests are deterministic. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Stops retrying once aborted (an AbortSignal). */
  signal?: { readonly aborted: boolean };
}

export const DEFAULT_BACKOFF: BackoffOptions = { retries: 3, baseMs: 250, maxMs: 2000 };

export function backoffDelay(
  attempt: number,
  options: Pick<BackoffOptions, "baseMs" | "maxMs" | "random">,
): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  // Keep at least half the cap so retries spread out but never hammer the relay.
  return Math.round(cap / 2 + (options.random ?? Math.random)() * (cap / 2));
}

// Declared here: this package's TypeScript lib is plain ES (no DOM, no Node), the timer is in both.
declare function setTimeout(callback: () => void, ms: number): unknown;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withBackoff<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: BackoffOptions = DEFAULT_BACKOFF,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= options.retries || !isRetryable(error) || options.signal?.aborted) throw error;
      await sleep(backoffDelay(n, options));
    }
  }
}
