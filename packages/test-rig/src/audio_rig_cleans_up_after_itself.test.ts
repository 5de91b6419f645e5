import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reapStaleRigs, startAudioRig } from "./audio-rig";
import { MissingDependencyError, isAlive } from "./processes";
import { repoRoot } from "./repo-paths";

// Real PulseAudio and speech-dispatcher (installed by scripts/setup.mjs), in a private folder.
let parent: string;
beforeAll(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), "parley-rigtest-"));
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function connects(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Asks speech-dispatcher (SSIP) to list its output modules. */
function ssipModules(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    let reply = "";
    socket.setTimeout(5_000, () => reject(new Error("SSIP timeout")));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (/^2\d\d OK/m.test(reply)) {
        socket.end();
        resolve(reply);
      }
    });
    socket.once("error", reject);
    socket.write("LIST OUTPUT_MODULES\r\n");
  });
}

describe("startAudioRig", () => {
  it("starts PulseAudio and speech-dispatcher (espeak-ng only) and stops them by pid", async () => {
    const rig = await startAudioRig({ parentDir: parent });
    try {
      expect(rig.env.PULSE_SERVER).toBe(`unix:${rig.dir}/pulse.sock`);
      expect(rig.env.SPEECHD_ADDRESS).toBe(`unix_socket:${rig.dir}/speechd.sock`);
      expect(await connects(`${rig.dir}/pulse.sock`)).toBe(true);
      const modules = await ssipModules(`${rig.dir}/speechd.sock`);
      expect(modules).toContain("espeak-ng");
      expect(modules).not.toContain("espeak-ng-mbrola");
      expect(isAlive(rig.pids.pulseaudio)).toBe(true);
      expect(isAlive(rig.pids.speechDispatcher)).toBe(true);
    } finally {
      await rig.stop();
    }
    expect(isAlive(rig.pids.pulseaudio)).toBe(false);
    expect(isAlive(rig.pids.speechDispatcher)).toBe(false);
    expect(existsSync(rig.dir)).toBe(false);
    await rig.stop(); // twice is harmless
  });

  it("reaps daemons left behind by a runner that died, but not a live runner's", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(import.meta.dirname, "testing", "start-rig-and-hang.ts"),
        parent,
      ],
      { cwd: repoRoot(), stdio: ["ignore", "pipe", "inherit"] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
      child.once("exit", (code) => reject(new Error(`rig child exited ${code}`)));
    });
    const orphan = JSON.parse(line) as {
      dir: string;
      pids: { pulseaudio: number; speechDispatcher: number };
    };

    // While its runner lives, another run leaves it alone.
    expect(await reapStaleRigs(parent)).toEqual([]);
    expect(isAlive(orphan.pids.pulseaudio)).toBe(true);

    // The runner dies without teardown (SIGKILL: no exit handlers run).
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(isAlive(orphan.pids.pulseaudio)).toBe(true);
    expect(isAlive(orphan.pids.speechDispatcher)).toBe(true);

    // The next run cleans up: daemons stopped, folder (with its stale sockets) gone.
    const next = await startAudioRig({ parentDir: parent });
    try {
      expect(isAlive(orphan.pids.pulseaudio)).toBe(false);
      expect(isAlive(orphan.pids.speechDispatcher)).toBe(false);
      expect(existsSync(orphan.dir)).toBe(false);
      expect(await connects(`${next.dir}/pulse.sock`)).toBe(true);
    } finally {
      await next.stop();
    }
  }, 30_000);

  it("leaves alone a recorded pid that now belongs to another program", async () => {
    const stale = path.join(parent, "parley-audio-rig-reused");
    mkdirSync(stale);
    // This test process is alive, but its command line does not name the rig folder.
    writeFileSync(
      path.join(stale, "rig.json"),
      JSON.stringify({ ownerPid: 2 ** 22 + 1, pids: [process.pid] }),
    );
    expect(await reapStaleRigs(parent)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
  });

  it("says which Debian package to install when a program is missing", async () => {
    const savedPath = process.env.PATH;
    const empty = path.join(parent, "empty-bin");
    mkdirSync(empty, { recursive: true });
    process.env.PATH = empty;
    try {
      const attempt = startAudioRig({ parentDir: parent });
      await expect(attempt).rejects.toThrow(MissingDependencyError);
      await expect(attempt).rejects.toThrow(/Debian package "pulseaudio"/);
    } finally {
      process.env.PATH = savedPath;
    }
    expect(readFileSync("/proc/self/cmdline", "utf8").length).toBeGreaterThan(0);
  });
});
