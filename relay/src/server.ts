/**
 * `node relay/dist/server.js` / `pnpm --filter @parley/relay start`: the relay as a process.
 * Reads the environment (config/env.ts), migrates the database, serves HTTP and runs the outbox
 * worker — in its own thread for `file:` and remote databases (PARLEY_OUTBOX_WORKER=thread, the
 * default there), in the HTTP thread for `:memory:` (=inline), or not at all (=0, when other
 * processes on the same database do the sending) — until SIGINT/SIGTERM.
 */
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { ConfigError } from "./config/relay-config";
import { logLevelFromEnv, settingsFromEnv, type ServerSettings } from "./config/env";
import { isInMemoryUrl } from "./db/store";
import { createWriteLock } from "./db/write-lock";
import { createLogger, type Logger } from "./log";
import {
  OUTBOX_THREAD_READY,
  OUTBOX_THREAD_STOPPED,
  type SendReport,
} from "./outbox/thread-messages";
import { createRelay } from "./relay";

/** The logger, or — when PARLEY_LOG_LEVEL itself is wrong — one at `info` that says so. */
function startLogger(): { log: Logger; levelError?: Error } {
  const base = { pid: process.pid };
  try {
    return { log: createLogger({ level: logLevelFromEnv(process.env), base }) };
  } catch (error) {
    return { log: createLogger({ base }), levelError: error as Error };
  }
}

const { log, levelError } = startLogger();

type WorkerMode = "thread" | "inline" | "off";

/** How long the server waits for the outbox thread before listening without it. */
const OUTBOX_THREAD_START_TIMEOUT_MS = 15_000;

/**
 * Resolves when the thread posts `wanted` (send reports may come before it: they are skipped),
 * errors, exits, or after `timeoutMs`, whichever is first; its listeners are removed then, since
 * the thread goes on posting a message for every send.
 */
function threadSays(thread: Worker, wanted: string, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const onMessage = (message: unknown) => message === wanted && done();
    const done = () => {
      clearTimeout(timer);
      thread.off("message", onMessage).off("error", done).off("exit", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    thread.on("message", onMessage).once("error", done).once("exit", done);
  });
}

function workerMode(value: ServerSettings["outboxWorker"], databaseUrl: string): WorkerMode {
  if (value === "0" || value === "off") return "off";
  if (value === "inline") return "inline";
  if (value === "thread") {
    if (isInMemoryUrl(databaseUrl))
      throw new ConfigError(
        "PARLEY_OUTBOX_WORKER=thread needs a file: or remote database (a :memory: database lives in one thread)",
      );
    return "thread";
  }
  return isInMemoryUrl(databaseUrl) ? "inline" : "thread";
}

/**
 * Starts the worker thread: the bundle next to server.js, or — when running the TypeScript source
 * under tsx (dev, tests) — the source, after registering tsx inside the thread (loader hooks
 * given with --import do not reach worker threads on Node 20).
 */
function startWorkerThread(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts"))
    return new Worker(new URL("./outbox-worker.js", import.meta.url), { workerData });
  const source = new URL("./outbox/worker-thread.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

async function main() {
  if (levelError) throw levelError;
  const settings = settingsFromEnv(process.env, log);
  const mode = workerMode(settings.outboxWorker, settings.relay.databaseUrl);
  const writeLock = mode === "thread" ? createWriteLock() : undefined;
  const relay = await createRelay({
    ...settings.relay,
    worker: mode === "inline" ? settings.relay.worker : false,
    // With the outbox thread, WAL checkpoints run there, off the HTTP thread (worker-thread.ts).
    ...(writeLock ? { writeLock, checkpoints: "manual" as const } : {}),
  });
  let thread: Worker | null = null;
  if (mode === "thread") {
    thread = startWorkerThread({ secret: relay.ctx.options.secret, lockBuffer: writeLock!.buffer });
    thread.on("message", (message: SendReport | string) => {
      if (typeof message === "object" && message.sends) relay.ctx.metrics.sends.inc(message.sends);
    });
    thread.on("error", (error) =>
      log.error("outbox worker thread crashed", { error: error.message }),
    );
    // Listen once the outbox thread sends (loading it takes a moment): accepting actions
    // before anything can send them only builds a backlog. A thread that does not come up in
    // time has logged its error; the API is served anyway and other processes may send.
    await threadSays(thread, OUTBOX_THREAD_READY, OUTBOX_THREAD_START_TIMEOUT_MS);
  }
  const server = serve(
    { fetch: relay.app.fetch, port: settings.port, hostname: settings.host },
    (info) => {
      log.info("relay listening", {
        url: `http://${info.address}:${info.port}`,
        sites: [...relay.ctx.sites.keys()],
        database: settings.relay.databaseUrl.split("?")[0]!.replace(/\/\/.*@/, "//"),
        outboxWorker: mode,
      });
    },
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    server.close();
    if (thread) {
      const stopped = threadSays(thread, OUTBOX_THREAD_STOPPED, 5000);
      thread.postMessage("stop");
      await stopped;
      await thread.terminate();
    }
    await relay.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  log.error(error instanceof ConfigError ? "configuration error" : "relay failed to start", {
    error: (error as Error).message,
  });
  process.exit(1);
});
