import { ASSET_PATHS } from "../assets/asset-manifest";
import { VadSpeechInput } from "../audio/vad-speech-input";
import { WhisperWorkerClient } from "../stt/whisper-worker-client";
import { WebSpeechSpeaker } from "../tts/web-speech-speaker";
import type { defaultWorkers } from "./default-workers";
import type { VoiceAgentOptions } from "./voice-agent";
import type { VoiceStages } from "./voice-stages";

/**
 * The stages a site gets unless it hands in its own: Silero VAD v5 (vad-web) with its files under
 * the asset base, Whisper (transformers.js) in a worker, and the platform's Web Speech voice.
 */
export function defaultStages(
  options: VoiceAgentOptions,
  workers: typeof defaultWorkers,
): VoiceStages {
  return {
    speechInput: (stream, context) =>
      new VadSpeechInput({
        getStream: async () => stream,
        vadAssetBaseUrl: new URL(ASSET_PATHS.vadBase, context.assetBaseUrl).href,
      }),
    speechToText: (context) =>
      new WhisperWorkerClient({
        createWorker: workers.stt,
        assetBaseUrl: context.assetBaseUrl,
        ...(options.models?.whisperModel ? { model: options.models.whisperModel } : {}),
        device: options.sttDevice ?? "auto",
        language: context.language,
        onProgress: context.onProgress,
      }),
    speaker: (context) => new WebSpeechSpeaker({ language: context.language }),
  };
}
