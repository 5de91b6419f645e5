/**
 * What the outbox worker needs from a provider. Twilio (SMS, WhatsApp, Voice) and Resend (email)
 * implement it; the worker sends a row through the configured provider that lists its channel,
 * and when none does it uses the dev outbox instead (the row is kept, shown in the dashboard,
 * and marked as not sent).
 */
import type { MessageChannel } from "@parley/protocol";

/** The channels are the protocol's (MESSAGE_CHANNELS); a provider says which it serves. */
export type OutboxChannel = MessageChannel;

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType?: string;
}

export interface OutgoingMessage {
  /** The outbox row id: the idempotency key handed to providers that take one. */
  id: string;
  channel: OutboxChannel;
  from: string;
  to: string;
  subject?: string;
  /** SMS/WhatsApp text, email HTML, or the words a callback call says. */
  body: string;
  textBody?: string;
  mediaUrls?: string[];
  attachments?: Attachment[];
  /** Where the provider reports delivery (Twilio status callback). */
  statusCallbackUrl?: string;
}

export interface SendResult {
  providerId: string;
  providerStatus?: string;
}

/** A failed send; `retryable` says whether the worker should try again later. */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly code?: string | number,
  ) {
    super(message);
  }
}

export interface MessageProvider {
  readonly name: string;
  readonly channels: readonly OutboxChannel[];
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * After a crash between "provider accepted" and "we recorded it", find the earlier send so it
   * is not repeated. Providers with idempotency keys (Resend) do not need it: resending the same
   * key returns the first result. `exclude` lists provider ids already recorded for other rows.
   */
  findPrevious?(
    message: OutgoingMessage,
    since: number,
    exclude: ReadonlySet<string>,
  ): Promise<SendResult | null>;
}

export interface Providers {
  twilio?: MessageProvider;
  resend?: MessageProvider;
  /** Twilio auth token, for validating status webhooks. */
  twilioAuthToken?: string;
}

/** The configured provider that serves `channel`, if any (the first one listed in `Providers`). */
export function providerFor(
  providers: Providers,
  channel: OutboxChannel,
): MessageProvider | undefined {
  return Object.values(providers).find(
    (p): p is MessageProvider =>
      typeof p === "object" && p !== null && (p as MessageProvider).channels.includes(channel),
  );
}
