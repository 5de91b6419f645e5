/**
 * Default worker factories: `new Worker(new URL(…, import.meta.url), { type: "module" })` is
 * the form Vite (and webpack 5) recognise and bundle. A prebuilt bundle passes its own
 * factories through `VoiceAgentOptions.workers`.
 */
export const defaultWorkers = {
  stt: () => new Worker(new URL("../stt/whisper.worker.ts", import.meta.url), { type: "module" }),
  retrieval: () =>
    new Worker(new URL("../retrieval/retrieval.worker.ts", import.meta.url), { type: "module" }),
  webllm: () =>
    new Worker(new URL("../brain/webllm/webllm.worker.ts", import.meta.url), { type: "module" }),
};
