// Child process for audio_rig_cleans_up_after_itself.test.ts: starts a rig, reports it on
// stdout, then waits to be killed (like a test runner that crashes without teardown).
import { startAudioRig } from "../audio-rig";

const parentDir = process.argv[2];
if (!parentDir) throw new Error("usage: start-rig-and-hang.ts <parent dir>");
startAudioRig({ parentDir }).then(
  (rig) => {
    process.stdout.write(`${JSON.stringify({ dir: rig.dir, pids: rig.pids })}\n`);
    setInterval(() => {}, 60_000);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
