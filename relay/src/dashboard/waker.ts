/**
 * Sleep until woken or until a timeout: how the dashboard's streams and long polls react to the
 * feed hub at once without busy-polling. A `wake()` that arrives while nobody sleeps (e.g. while
 * the stream is reading the database) is remembered, so the next `sleep()` returns at once —
 * otherwise that change would wait for the next heartbeat.
 */
export interface Waker {
  wake(): void;
  /** Resolves true when woken, false when `ms` passed first. */
  sleep(ms: number): Promise<boolean>;
}

export function createWaker(): Waker {
  let pending = false;
  let wakeSleeper: (() => void) | undefined;
  return {
    wake() {
      if (wakeSleeper) wakeSleeper();
      else pending = true;
    },
    sleep(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          wakeSleeper = undefined;
          resolve(false);
        }, ms);
        wakeSleeper = () => {
          clearTimeout(timer);
          wakeSleeper = undefined;
          resolve(true);
        };
      });
    },
  };
}
