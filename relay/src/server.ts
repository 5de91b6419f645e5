/**
 * `node relay/dist/server.js` / `pnpm --filter @parley/relay start`: the relay as a process.
 * Reads the environment (config/env.ts), migrates the database, serves HTTP and runs the outbox
 * worker until SIGINT/SIGTERM.
 */
import { serve } from "@hono/node-server";
import { ConfigError } from "./config/relay-config";
import { settingsFromEnv } from "./config/env";
import { createLogger, type LogLevel } from "./log";
import { createRelay } from "./relay";

const log = createLogger({
  level: (process.env.PARLEY_LOG_LEVEL as LogLevel | undefined) ?? "info",
  base: { pid: process.pid },
});

async function main() {
  const settings = settingsFromEnv(process.env, log);
  const relay = await createRelay(settings.relay);
  const server = serve(
    { fetch: relay.app.fetch, port: settings.port, hostname: settings.host },
    (info) => {
      log.info("relay listening", {
        url: `http://${info.address}:${info.port}`,
        sites: [...relay.ctx.sites.keys()],
        database: settings.relay.databaseUrl.split("?")[0]!.replace(/\/\/.*@/, "//"),
      });
    },
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    server.close();
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
