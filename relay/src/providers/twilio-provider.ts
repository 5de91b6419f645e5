/**
 * Twilio through the official SDK: SMS and WhatsApp (Messages API) and Voice (Calls API, for
 * scheduled callbacks). `baseUrl` points the SDK's own HTTP client at another host (the local
 * fake provider in tests, or an egress proxy); the SDK has no base-URL option of its own.
 */
import twilio from "twilio";
import {
  ProviderError,
  type MessageProvider,
  type OutgoingMessage,
  type SendResult,
} from "./provider";

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  /** e.g. http://127.0.0.1:4010 — every Twilio API host is rewritten to it. */
  baseUrl?: string;
  timeoutMs?: number;
}

type RequestOptions<T> = Parameters<twilio.RequestClient["request"]>[0] & { data?: T };

class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }
  override request<T>(opts: RequestOptions<T>) {
    const original = new URL(opts.uri);
    const target = new URL(this.baseUrl);
    original.protocol = target.protocol;
    original.host = target.host;
    return super.request<T>({ ...opts, uri: original.toString() });
  }
}

function toProviderError(error: unknown): ProviderError {
  const e = error as { status?: number; code?: number; message?: string };
  const status = typeof e.status === "number" ? e.status : undefined;
  // No status: the request never got an answer (refused, reset, timeout) — worth retrying.
  const retryable = status === undefined || status >= 500 || status === 429 || status === 408;
  return new ProviderError(`twilio: ${e.message ?? String(error)}`, retryable, status, e.code);
}

const asWhatsApp = (phone: string) => (phone.startsWith("whatsapp:") ? phone : `whatsapp:${phone}`);

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!,
  );
}

export function createTwilioProvider(options: TwilioProviderOptions): MessageProvider {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = twilio(options.accountSid, options.authToken, {
    httpClient: options.baseUrl
      ? new RedirectingRequestClient(options.baseUrl, timeoutMs)
      : new twilio.RequestClient({ timeout: timeoutMs }),
  });

  async function send(message: OutgoingMessage): Promise<SendResult> {
    try {
      if (message.channel === "voice") {
        const call = await client.calls.create({
          to: message.to,
          from: message.from,
          twiml: `<Response><Say>${escapeXml(message.body)}</Say></Response>`,
          ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
        });
        return { providerId: call.sid, providerStatus: call.status };
      }
      const whatsapp = message.channel === "whatsapp";
      const sent = await client.messages.create({
        to: whatsapp ? asWhatsApp(message.to) : message.to,
        from: whatsapp ? asWhatsApp(message.from) : message.from,
        body: message.body,
        ...(message.mediaUrls?.length ? { mediaUrl: message.mediaUrls } : {}),
        ...(message.statusCallbackUrl ? { statusCallback: message.statusCallbackUrl } : {}),
      });
      return { providerId: sent.sid, providerStatus: sent.status };
    } catch (error) {
      throw toProviderError(error);
    }
  }

  async function findPrevious(
    message: OutgoingMessage,
    since: number,
    exclude: ReadonlySet<string>,
  ) {
    try {
      if (message.channel === "voice") {
        const calls = await client.calls.list({ to: message.to, from: message.from, limit: 50 });
        const match = calls.find(
          (call) => !exclude.has(call.sid) && (call.dateCreated?.getTime() ?? 0) >= since - 60_000,
        );
        return match ? { providerId: match.sid, providerStatus: match.status } : null;
      }
      const whatsapp = message.channel === "whatsapp";
      const sent = await client.messages.list({
        to: whatsapp ? asWhatsApp(message.to) : message.to,
        from: whatsapp ? asWhatsApp(message.from) : message.from,
        dateSentAfter: new Date(since - 60_000),
        limit: 50,
      });
      const match = sent.find((m) => !exclude.has(m.sid) && m.body === message.body);
      return match ? { providerId: match.sid, providerStatus: match.status } : null;
    } catch (error) {
      throw toProviderError(error);
    }
  }

  return { name: "twilio", channels: ["sms", "whatsapp", "voice"], send, findPrevious };
}
