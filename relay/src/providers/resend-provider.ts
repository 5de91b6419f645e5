/**
 * Email through the official Resend SDK. The outbox row id is the Idempotency-Key, so a resend
 * after a crash returns the first email's id instead of sending a second one. The SDK never
 * throws on an HTTP error: it returns `{ error }`, which is mapped to a ProviderError here.
 */
import { Resend } from "resend";
import { ProviderError, type MessageProvider, type OutgoingMessage } from "./provider";

export interface ResendProviderOptions {
  apiKey: string;
  /** Another API host (the local fake provider in tests). Defaults to RESEND_BASE_URL or Resend's. */
  baseUrl?: string;
}

export function createResendProvider(options: ResendProviderOptions): MessageProvider {
  const client = new Resend(
    options.apiKey,
    options.baseUrl ? { baseUrl: options.baseUrl } : undefined,
  );
  return {
    name: "resend",
    channels: ["email"],
    async send(message: OutgoingMessage) {
      const { data, error } = await client.emails.send(
        {
          from: message.from,
          to: [message.to],
          subject: message.subject ?? "",
          html: message.body,
          ...(message.textBody ? { text: message.textBody } : {}),
          ...(message.attachments?.length
            ? {
                attachments: message.attachments.map((a) => ({
                  filename: a.filename,
                  content: a.content.toString("base64"),
                  ...(a.contentType ? { contentType: a.contentType } : {}),
                })),
              }
            : {}),
        },
        { idempotencyKey: message.id },
      );
      if (error || !data) {
        const status = (error as { statusCode?: number | null } | null)?.statusCode ?? undefined;
        const retryable =
          status === undefined || status === null || status >= 500 || status === 429;
        throw new ProviderError(
          `resend: ${error?.message ?? "no data"}`,
          retryable,
          status ?? undefined,
          error?.name,
        );
      }
      return { providerId: data.id, providerStatus: "sent" };
    },
  };
}
