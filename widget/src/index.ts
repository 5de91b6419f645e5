export type * from "./core/voice-agent";
