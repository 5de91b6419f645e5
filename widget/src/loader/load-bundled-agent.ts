import type { LoadAgent } from "../element/parley-agent-element";

/**
 * The pipeline as a separate chunk of the library build: a bundler splits at this dynamic
 * import, so an app that embeds `<VoiceAgent>` downloads the pipeline (and, through it, the
 * workers and models) only when the visitor starts.
 */
export const loadBundledAgent: LoadAgent = async (options) => {
  const { createVoiceAgent } = await import("./agent-entry");
  return createVoiceAgent(options);
};
