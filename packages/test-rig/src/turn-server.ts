import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  logTail,
  requireExecutable,
  RigProcessError,
  spawnDaemon,
  stopDaemon,
  type SpawnedDaemon,
} from "./processes";

/**
 * A real TURN server for WebRTC tests: Debian's coturn on 127.0.0.1 with one long-term user, so a
 * test can force both peers through it (`iceTransportPolicy: "relay"`). Loopback peers are
 * allowed (coturn refuses them by default), TLS/DTLS and the telnet CLI are off.
 */
export interface TurnServer {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  username: string;
  credential: string;
  /** Allocations made so far, from coturn's log (each peer that relays makes one). */
  allocations(): number;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startTurnServer(): Promise<TurnServer> {
  const turnserver = requireExecutable("turnserver", "coturn");
  const dir = mkdtempSync(path.join(tmpdir(), "parley-turn-"));
  const port = await freePort();
  const username = "parley";
  const credential = randomBytes(12).toString("hex");
  const logFile = path.join(dir, "turnserver.log");
  const daemon: SpawnedDaemon = spawnDaemon(
    "turnserver",
    turnserver,
    [
      "-n", // no config file
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      `--listening-port=${port}`,
      `--min-port=${port + 1}`,
      `--max-port=${port + 200}`,
      "--lt-cred-mech",
      `--user=${username}:${credential}`,
      "--realm=parley.test",
      "--fingerprint",
      "--no-tls",
      "--no-dtls",
      "--no-cli",
      "--allow-loopback-peers",
      `--pidfile=${path.join(dir, "turnserver.pid")}`,
      "--log-file=stdout",
      "--simple-log",
      "--verbose",
    ],
    process.env,
    logFile,
  );
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (daemon.child.exitCode !== null || Date.now() > deadline) {
      await stopDaemon(daemon).catch(() => undefined);
      throw new RigProcessError(`turnserver did not listen on ${port}:\n${logTail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    username,
    credential,
    allocations: () =>
      (logTail(logFile, 100_000).match(/ALLOCATE processed, success/g) ?? []).length,
    async close() {
      await stopDaemon(daemon);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
