/**
 * A write lock shared by the threads of one relay process (HTTP thread and outbox worker thread)
 * through a SharedArrayBuffer. Without it, two connections to one SQLite file meet in SQLite's
 * busy handler, which sleeps synchronously in growing steps (1, 2, 5, 10 … ms) and freezes the
 * event loop; with it, a thread waits for the other without blocking (Atomics.waitAsync).
 * Separate processes still meet in the busy handler, which is correct, only slower.
 */
// Atomics.waitAsync is in Node 16+ (V8) but only in TypeScript's ES2024 lib.
type WaitAsync = (
  cell: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const FREE = 0;
const HELD = 1;

export interface WriteLock {
  readonly buffer: SharedArrayBuffer;
  acquire(): Promise<void>;
  release(): void;
}

export function createWriteLock(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)): WriteLock {
  const cell = new Int32Array(buffer);
  return {
    buffer,
    async acquire() {
      while (Atomics.compareExchange(cell, 0, FREE, HELD) !== FREE) {
        const wait = waitAsync(cell, 0, HELD, 50);
        if (wait.async) await wait.value;
      }
    },
    release() {
      Atomics.store(cell, 0, FREE);
      Atomics.notify(cell, 0, 1);
    },
  };
}
