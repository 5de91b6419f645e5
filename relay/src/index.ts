export { createRelay, type CreateRelayOptions, type Relay } from "./relay";
export { createApp } from "./app";
export {
  loadRelayConfig,
  parseRelayConfig,
  RelayConfigFile,
  type RelayConfig,
} from "./config/relay-config";
export { Limits } from "./config/limits";
export { readFeed, tailFeed, publish, type FeedEntry, type FeedTopic } from "./feed";
export * as schema from "./db/schema";
export { openStore, type Store, type Db, type Tx } from "./db/store";
export { createOutboxWorker, type OutboxWorker } from "./outbox/worker";
export { createTwilioProvider } from "./providers/twilio-provider";
export { createResendProvider } from "./providers/resend-provider";
export { pseudonym, maskPhone, maskEmail, redactText } from "./privacy";
