/**
 * Messages from the outbox thread (worker-thread.ts) to the HTTP thread (server.ts). In a module
 * of their own: importing worker-thread.ts would run the worker.
 */

/** Posted once the worker runs: server.ts starts listening after it (or after a timeout). */
export const OUTBOX_THREAD_READY = "outbox-thread-ready";

/** Posted once the worker has stopped after "stop" (its store closed): shutdown waits for it. */
export const OUTBOX_THREAD_STOPPED = "stopped";

/** One send's outcome, for the HTTP thread's /metrics. */
export interface SendReport {
  sends: { channel: string; provider: string; outcome: string };
}
