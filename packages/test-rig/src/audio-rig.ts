import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  isAlive,
  isOurProcess,
  requireExecutable,
  requireFile,
  spawnDaemon,
  stopDaemon,
  stopPid,
  waitForSocket,
  type SpawnedDaemon,
} from "./processes";

/**
 * The headless audio rig that makes Web Speech TTS work in headless Chromium
 * (shared/notes/headless-speech.md): a private PulseAudio whose only sink is a null sink
 * (real-time paced, so `onend` comes at real speaking time), and a private speech-dispatcher
 * using espeak-ng and that PulseAudio. Both live in a fresh temp folder and are stopped by pid.
 */

const RIG_DIR_PREFIX = "parley-audio-rig-";
const STATE_FILE = "rig.json";
const ESPEAK_NG_MODULE = "/usr/lib/speech-dispatcher-modules/sd_espeak-ng";
const SPEECHD_SYSTEM_CONF = "/etc/speech-dispatcher";

export interface AudioRigEnv {
  /** For Chromium and speech-dispatcher: `unix:<dir>/pulse.sock`. */
  PULSE_SERVER: string;
  /** For Chromium (libspeechd): `unix_socket:<dir>/speechd.sock`. */
  SPEECHD_ADDRESS: string;
}

export interface AudioRig {
  dir: string;
  env: AudioRigEnv;
  pids: { pulseaudio: number; speechDispatcher: number };
  /** Stops both daemons (by pid) and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

interface RigState {
  ownerPid: number;
  pids: number[];
}

export interface StartAudioRigOptions {
  /** Where the rig's temp folder is made (default: the OS temp dir). Keep it short: unix
   * socket paths are limited to ~107 bytes. */
  parentDir?: string;
}

export async function startAudioRig(options: StartAudioRigOptions = {}): Promise<AudioRig> {
  const pulseaudio = requireExecutable("pulseaudio", "pulseaudio");
  const speechDispatcher = requireExecutable("speech-dispatcher", "speech-dispatcher");
  requireFile(ESPEAK_NG_MODULE, "speech-dispatcher-espeak-ng");
  requireFile(path.join(SPEECHD_SYSTEM_CONF, "speechd.conf"), "speech-dispatcher");
  requireExecutable("espeak-ng", "espeak-ng");

  const parent = options.parentDir ?? os.tmpdir();
  await reapStaleRigs(parent);
  const dir = mkdtempSync(path.join(parent, RIG_DIR_PREFIX));
  const pulseSocket = path.join(dir, "pulse.sock");
  const speechdSocket = path.join(dir, "speechd.sock");
  const env: AudioRigEnv = {
    PULSE_SERVER: `unix:${pulseSocket}`,
    SPEECHD_ADDRESS: `unix_socket:${speechdSocket}`,
  };
  // Both daemons keep their state (cookie, runtime files) inside the rig folder, never in ~.
  const daemonEnv: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_RUNTIME_DIR: dir,
    HOME: dir,
    PULSE_SERVER: env.PULSE_SERVER,
  };
  delete daemonEnv.SPEECHD_ADDRESS;

  const started: SpawnedDaemon[] = [];
  const state: RigState = { ownerPid: process.pid, pids: [] };
  const remember = (daemon: SpawnedDaemon) => {
    started.push(daemon);
    state.pids.push(daemon.pid);
    writeFileSync(path.join(dir, STATE_FILE), JSON.stringify(state));
  };
  const stopAll = async () => {
    for (const daemon of [...started].reverse()) await stopDaemon(daemon);
    started.length = 0;
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pulse = spawnDaemon(
      "pulseaudio",
      pulseaudio,
      [
        "-n", // no default.pa: only the modules below
        "--daemonize=no",
        "--exit-idle-time=-1",
        "--use-pid-file=no",
        "-L",
        `module-native-protocol-unix auth-anonymous=1 socket=${pulseSocket}`,
        "-L",
        "module-null-sink sink_name=nullsink rate=48000",
        "-L",
        "module-always-sink",
      ],
      daemonEnv,
      path.join(dir, "pulseaudio.log"),
    );
    remember(pulse);
    await waitForSocket(pulse, pulseSocket);

    const confDir = writeSpeechdConfig(dir);
    const logDir = path.join(dir, "speechd-log");
    mkdirSync(logDir);
    const speechd = spawnDaemon(
      "speech-dispatcher",
      speechDispatcher,
      ["-s", "-t", "0", "-c", "unix_socket", "-S", speechdSocket, "-C", confDir, "-L", logDir],
      daemonEnv,
      path.join(dir, "speech-dispatcher.log"),
    );
    remember(speechd);
    await waitForSocket(speechd, speechdSocket);

    const onExit = () => {
      // Last resort if teardown never runs (runner killed): no orphaned daemons.
      for (const daemon of started) {
        try {
          process.kill(daemon.pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    };
    process.once("exit", onExit);

    let stopped = false;
    return {
      dir,
      env,
      pids: { pulseaudio: pulse.pid, speechDispatcher: speechd.pid },
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", onExit);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A private copy of the system config: espeak-ng only, audio to our PulseAudio. */
function writeSpeechdConfig(dir: string): string {
  const confDir = path.join(dir, "speechd-conf");
  cpSync(SPEECHD_SYSTEM_CONF, confDir, { recursive: true, dereference: true });
  appendFileSync(
    path.join(confDir, "speechd.conf"),
    [
      "",
      "# Parley test rig",
      'AudioOutputMethod "pulse"',
      'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"',
      'DefaultModule "espeak-ng"',
      "",
    ].join("\n"),
  );
  return confDir;
}

/**
 * Removes rig folders whose owning runner died without teardown (crash, SIGKILL), stopping
 * their daemons first. Only pids recorded by the rig and whose command line names that folder
 * are signalled; folders of a live runner (another test run on this machine) are left alone.
 */
export async function reapStaleRigs(parent: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((name) => name.startsWith(RIG_DIR_PREFIX));
  } catch {
    return [];
  }
  const reaped: string[] = [];
  for (const name of entries) {
    const dir = path.join(parent, name);
    let state: RigState | undefined;
    try {
      state = JSON.parse(readFileSync(path.join(dir, STATE_FILE), "utf8")) as RigState;
    } catch {
      state = undefined;
    }
    if (state && isAlive(state.ownerPid)) continue;
    // No state yet: maybe another runner is creating it right now; only old ones are stale.
    if (!state && Date.now() - modifiedAt(dir) < 60_000) continue;
    for (const pid of state?.pids ?? []) {
      if (isOurProcess(pid, dir)) await stopPid(pid);
    }
    rmSync(dir, { recursive: true, force: true });
    reaped.push(dir);
  }
  return reaped;
}

function modifiedAt(dir: string): number {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}
