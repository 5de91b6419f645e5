// Node-side entry of the browser test rig. Playwright fixtures: "@parley/test-rig/fixtures".
export {
  AUDIO_RIG_ENV_KEYS,
  BASE_CHROMIUM_ARGS,
  DEFAULT_CHROMIUM_PATH,
  assertPlayableWav,
  audioRigEnv,
  chromiumLaunchOptions,
  fakeMicArgs,
  type ChromiumRigOptions,
} from "./chromium";
export { reapStaleRigs, startAudioRig, type AudioRig, type AudioRigEnv } from "./audio-rig";
export { FAKE_MIC_MIN_LEADING_SILENCE_MS, prepareFakeMicWav, type FakeMicClip } from "./fake-mic";
export {
  InjectedMic,
  installInjectedMic,
  type InjectedMicOptions,
  type PlayedUtterance,
} from "./injected-mic";
export {
  peakBetween,
  probeMicLevels,
  startMicMonitor,
  stopMicMonitor,
  type LevelSample,
  type MicLevels,
} from "./mic-probe";
export { contentTypeFor } from "@parley/protocol/content-type";
export { MissingDependencyError, RigProcessError } from "./processes";
export { repoRoot, rigCacheDir } from "./repo-paths";
export {
  SpeechSynthesisError,
  speechWav,
  SCREENED_VISITOR_VOICE,
  synthesizeSpeech,
  type SpeechClip,
  type SpeechOptions,
} from "./speech";
export {
  resolveMountedPath,
  startStaticServer,
  type StaticServer,
  type StaticServerOptions,
} from "./static-server";
export {
  WavFormatError,
  decodeWavMono,
  encodeWavPcm16,
  parseWavHeader,
  prependSilence,
  rms,
  voicedSpanMs,
  type WavInfo,
} from "./wav";
export { speakInPage, waitForVoices, type SpeakOptions, type SpokenUtterance } from "./web-speech";
export {
  audioBytes,
  capturePeerConnections,
  selectedCandidateType,
  startRemoteLevel,
  stopRemoteLevel,
} from "./webrtc-probe";
export { startTurnServer, type TurnServer } from "./turn-server";
