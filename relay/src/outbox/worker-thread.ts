/**
 * The outbox worker in its own thread (the relay's default for `file:` and remote databases), so
 * sending, email rendering and retries use the machine's second core instead of competing with
 * the HTTP requests. It opens its own connection to the same database: claims are atomic across
 * connections exactly as they are across processes. Send counts go back to the main thread's
 * /metrics by message.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Counter } from "prom-client";
import { logLevelFromEnv, settingsFromEnv } from "../config/env";
import { openStore } from "../db/store";
import { createWriteLock } from "../db/write-lock";
import { createLogger, silentLogger } from "../log";
import { createContext } from "../relay";
import { OUTBOX_THREAD_READY, OUTBOX_THREAD_STOPPED, type SendReport } from "./thread-messages";
import { createOutboxWorker } from "./worker";

/**
 * How often this thread checkpoints the WAL (PASSIVE: it never waits for or blocks a writer). At
 * 300 actions a second the WAL grows by a few MB a second; SQLite's own trigger is 1,000 pages.
 */
const CHECKPOINT_INTERVAL_MS = 1000;

async function main() {
  const log = createLogger({
    level: logLevelFromEnv(process.env),
    base: { pid: process.pid, thread: "outbox" },
  });
  const data = workerData as { secret: string; lockBuffer: SharedArrayBuffer };
  const settings = settingsFromEnv(process.env, silentLogger);
  // The main thread resolved the secret (it may have generated one): use the same.
  const input = {
    ...settings.relay,
    options: { ...settings.relay.options, secret: (workerData as { secret: string }).secret },
  };
  const store = await openStore({
    url: input.databaseUrl,
    ...(input.databaseAuthToken ? { authToken: input.databaseAuthToken } : {}),
    writeLock: createWriteLock(data.lockBuffer),
    checkpoints: "manual",
  });
  const ctx = createContext({ ...input, log, defaultMetrics: false }, store);
  ctx.metrics.sends = {
    inc: (labels: SendReport["sends"]) =>
      parentPort?.postMessage({ sends: labels } satisfies SendReport),
  } as unknown as Counter<"channel" | "provider" | "outcome">;
  const worker = createOutboxWorker(ctx, input.worker || {});
  worker.start();
  parentPort?.postMessage(OUTBOX_THREAD_READY);
  // This process's WAL checkpoints (the HTTP thread's connection never runs one: store.ts).
  const checkpoints = setInterval(() => {
    store
      .checkpoint()
      .catch((error) => log.warn("WAL checkpoint failed", { error: (error as Error).message }));
  }, CHECKPOINT_INTERVAL_MS);
  parentPort?.on("message", (message) => {
    if (message === "stop")
      void worker
        .stop()
        .then(() => clearInterval(checkpoints))
        .then(() => (store.close(), parentPort?.postMessage(OUTBOX_THREAD_STOPPED)));
  });
}

main().catch((error) => {
  console.error(
    JSON.stringify({
      level: "error",
      msg: "outbox worker thread failed",
      error: (error as Error).message,
    }),
  );
  process.exit(1);
});
