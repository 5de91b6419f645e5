/**
 * Starts the relay as its own OS process the way production runs it — the esbuild bundle,
 * `node dist/server.js` (`pnpm --filter @parley/relay start`), rebuilt first so it matches the
 * source — on 127.0.0.1 and a free port, and samples its CPU time and resident memory from /proc.
 *
 * Why not tsx: under tsx every module loads through its loader thread, and the Twilio SDK loads
 * hundreds of files lazily on the first send, stalling the event loop for seconds in the middle
 * of the run (measured: burst latencies of 4–7 s with the CPU idle). That is a dev-mode artefact,
 * not the relay's behaviour.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ProcessUsage {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Reads /proc/<pid>: CPU seconds (utime + stime) and VmRSS. Linux only. */
export function readUsage(pid: number): ProcessUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: (utime + stime) / CLOCK_TICKS, rssBytes: rssKb * 1024 };
}

export interface RelayProcess {
  url: string;
  pid: number;
  /** Lines the relay logged (JSON), for diagnosis when a check fails. */
  logs: string[];
  stop(): Promise<number | null>;
}

export async function startRelayProcess(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<RelayProcess> {
  const built = spawnSync(process.execPath, ["build.mjs"], {
    cwd: path.join(REPO_ROOT, "relay"),
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`relay build failed:\n${built.stdout}${built.stderr}`);
  const profile = process.env.PARLEY_LOAD_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PARLEY_LOAD_CPU_PROF}`]
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, "dist/server.js"], {
    cwd: path.join(REPO_ROOT, "relay"),
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", PARLEY_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`relay did not start in ${timeoutMs} ms:\n${logs.join("\n")}`)),
      timeoutMs,
    );
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (logs.length < 5000) logs.push(line);
        try {
          const record = JSON.parse(line) as { msg?: string; url?: string };
          if (record.msg === "relay listening" && record.url) {
            clearTimeout(timer);
            resolve(record.url);
          }
        } catch {
          // not a log line
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => logs.push(c.toString("utf8")));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code} before listening:\n${logs.join("\n")}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    logs,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Samples a process's usage every `intervalMs` until stopped. */
export function sampleUsage(pid: number, intervalMs = 200) {
  const samples: (ProcessUsage & { t: number })[] = [];
  const take = () => {
    try {
      samples.push({ t: performance.now(), ...readUsage(pid) });
    } catch {
      // the process ended
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}
