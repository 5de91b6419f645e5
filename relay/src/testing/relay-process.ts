/**
 * Runs the relay as a real OS process (src/server.ts through tsx), for tests that kill it or run
 * two of them on one database. Listens on 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const RELAY_DIR = fileURLToPath(new URL("../..", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startRelayProcess(
  env: Record<string, string>,
  options: {
    port?: number;
    readyTimeoutMs?: number;
    entry?: "src" | "dist";
    /** Extra node flags before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
    nodeArgs?: string[];
  } = {},
): Promise<RelayProcess> {
  const port = options.port ?? (await freePort());
  // "dist" runs the bundle exactly as production does; "src" runs the TypeScript through tsx.
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.entry === "dist" ? ["dist/server.js"] : ["--import", "tsx", "src/server.ts"]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: RELAY_DIR,
    env: {
      ...process.env,
      PARLEY_LOG_LEVEL: "warn",
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`relay exited early (${child.exitCode}): ${output.join("")}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`relay did not become healthy: ${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output,
    exited,
    async kill(signal) {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
