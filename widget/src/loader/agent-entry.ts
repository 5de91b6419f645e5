/**
 * Entry of `parley-agent.js`, the pipeline bundle the script-tag loader imports after the
 * visitor's first click, and the chunk the library build splits off for `<VoiceAgent>`.
 */
export { createVoiceAgent } from "../core/create-voice-agent";
