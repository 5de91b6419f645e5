import type { FullConfig } from "@playwright/test";
import { startAudioRig } from "./audio-rig";

/**
 * Playwright global setup: starts the audio rig (private PulseAudio null sink +
 * speech-dispatcher with espeak-ng) and exports PULSE_SERVER / SPEECHD_ADDRESS so the test
 * workers, and the Chromium they launch, inherit them. The returned function is Playwright's
 * global teardown: it stops both daemons by pid.
 *
 * PARLEY_AUDIO_RIG=off skips it (no Web Speech voices then; the fake microphone still works).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (process.env.PARLEY_AUDIO_RIG === "off") {
    console.log("[test-rig] PARLEY_AUDIO_RIG=off: audio rig not started");
    return async () => {};
  }
  const rig = await startAudioRig();
  Object.assign(process.env, rig.env);
  process.env.PARLEY_AUDIO_RIG_DIR = rig.dir;
  return async () => {
    await rig.stop();
    delete process.env.PARLEY_AUDIO_RIG_DIR;
  };
}
