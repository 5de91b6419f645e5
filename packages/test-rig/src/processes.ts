import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync, openSync, readFileSync, closeSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** A system dependency of the rig is missing: retrying will not help, installing will. */
export class MissingDependencyError extends Error {
  readonly retryable = false;
  constructor(what: string, debianPackage: string) {
    super(
      `test-rig: ${what} is missing. Install the Debian package "${debianPackage}" ` +
        `(node scripts/setup.mjs installs every package the browser tests need).`,
    );
    this.name = "MissingDependencyError";
  }
}

/** A rig process did not come up (or died): the log tail says why; a retry may help. */
export class RigProcessError extends Error {
  readonly retryable = true;
  constructor(message: string) {
    super(`test-rig: ${message}`);
    this.name = "RigProcessError";
  }
}

/** Absolute path of an executable on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function requireExecutable(name: string, debianPackage: string): string {
  const found = findExecutable(name);
  if (!found) throw new MissingDependencyError(`the "${name}" program`, debianPackage);
  return found;
}

export function requireFile(file: string, debianPackage: string): string {
  if (!existsSync(file)) throw new MissingDependencyError(file, debianPackage);
  return file;
}

export interface SpawnedDaemon {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
}

/** Starts a long-running program with its output appended to logFile. */
export function spawnDaemon(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): SpawnedDaemon {
  const log = openSync(logFile, "a");
  try {
    const child = spawn(command, args, { env, stdio: ["ignore", log, log] });
    if (child.pid === undefined) {
      throw new RigProcessError(`${name} did not start (${command})`);
    }
    // Do not let a rig daemon alone keep the test runner alive.
    child.unref();
    return { name, child, pid: child.pid, logFile };
  } finally {
    closeSync(log);
  }
}

export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits until the daemon accepts connections on its unix socket; fails fast if it exits. */
export async function waitForSocket(
  daemon: SpawnedDaemon,
  socketPath: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) {
      throw new RigProcessError(
        `${daemon.name} exited (${daemon.child.exitCode ?? daemon.child.signalCode}) ` +
          `before opening ${socketPath}. Log ${daemon.logFile}:\n${logTail(daemon.logFile)}`,
      );
    }
    if (await canConnect(socketPath)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new RigProcessError(
    `${daemon.name} did not open ${socketPath} within ${timeoutMs} ms. ` +
      `Log ${daemon.logFile}:\n${logTail(daemon.logFile)}`,
  );
}

/** True while the process runs (an exited, not yet reaped "zombie" counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but is not ours to signal.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return !isZombie(pid);
}

/** True when pid is alive and its command line mentions marker (guards against pid reuse). */
export function isOurProcess(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").includes(marker);
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the process has exited. */
export async function stopPid(pid: number, graceMs = 3_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function isZombie(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat is the state; "Z" means exited but not yet reaped.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** Stops a daemon this process started and waits until Node has reaped it. */
export async function stopDaemon(daemon: SpawnedDaemon, graceMs = 3_000): Promise<void> {
  const { child } = daemon;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await stopPid(daemon.pid, graceMs);
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
}
