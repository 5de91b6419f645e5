/**
 * Whether trying a load again can help: typed errors say so themselves (by their `retryable`
 * field, read by name since they cross worker and bundle boundaries as plain data); anything else
 * (a network error inside a library, a worker crash) is worth another try.
 */
export function isRetryableLoadError(error: unknown): boolean {
  if (typeof error === "object" && error !== null && "retryable" in error) {
    return (error as { retryable: unknown }).retryable !== false;
  }
  return true;
}
