/**
 * Turns an outbox row into what a provider sends. SMS/WhatsApp/voice bodies were fixed when the
 * action was accepted; an email is rendered here (React Email) the first time the row is tried,
 * and stored, so a retry sends exactly the same email under the same idempotency key.
 */
import { MESSAGE_CHANNELS, type Order, type SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import type { outbox } from "../db/schema";
import { currentVersion, readPublishedFile } from "../knowledge/knowledge-store";
import type { Attachment, OutgoingMessage, OutboxChannel } from "../providers/provider";
import { renderDocumentEmail, renderOrderEmail, type RenderedEmail } from "../templates/email";

export type OutboxRow = typeof outbox.$inferSelect;

/** The site's "from" for a channel (MESSAGE_CHANNELS names the setting); "" when the provider decides. */
export function senderFor(site: SiteConfig, channel: OutboxChannel): string | undefined {
  const definition: { sender?: keyof SiteConfig["messaging"] } = MESSAGE_CHANNELS[channel];
  if (!definition.sender) return "";
  const from = site.messaging[definition.sender];
  return typeof from === "string" ? from : undefined;
}

const isTextDocument = (mediaType: string, source: string) =>
  mediaType.startsWith("text/") || /\.(md|txt)$/i.test(source);

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/^#+\s*/gm, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean)
    .slice(0, 60);
}

/**
 * The document's text for the email body: its source file when that was uploaded as text, or
 * else its chunks from the index's chunks.json (what `knowledge-index build` writes), in order.
 */
async function documentParagraphs(
  ctx: RelayContext,
  siteId: string,
  documentId: string,
  source: string,
  mediaType: string,
): Promise<string[]> {
  if (source && isTextDocument(mediaType, source)) {
    const file = await readPublishedFile(ctx.store, siteId, source);
    if (file) return paragraphsOf(file.content.toString("utf8"));
  }
  const version = await ctx.store.read((db) => currentVersion(db, siteId));
  const docIndex = version?.manifest.documents.findIndex((d) => d.id === documentId) ?? -1;
  if (docIndex < 0) return [];
  const chunksFile = await readPublishedFile(ctx.store, siteId, "chunks.json");
  if (!chunksFile) return [];
  try {
    const parsed = JSON.parse(chunksFile.content.toString("utf8")) as {
      chunks?: { doc?: number; text?: string }[];
    };
    const texts = (parsed.chunks ?? [])
      .filter((c) => c.doc === docIndex && typeof c.text === "string")
      .map((c) => c.text!.trim());
    return [...new Set(texts)].filter(Boolean).slice(0, 60);
  } catch {
    return [];
  }
}

export async function renderEmail(
  ctx: RelayContext,
  site: SiteConfig,
  row: OutboxRow,
): Promise<RenderedEmail> {
  const p = row.payload as Record<string, unknown>;
  const frame = {
    company: site.company,
    subject: row.subject ?? "",
    intro: String(p.intro ?? ""),
    closing: String(p.closing ?? ""),
  };
  if (row.template === "order_update") {
    return renderOrderEmail({
      ...frame,
      order: p.order as Order,
      ...(p.trackingUrl ? { trackingUrl: String(p.trackingUrl) } : {}),
    });
  }
  const paragraphs = await documentParagraphs(
    ctx,
    site.id,
    String(p.documentId ?? ""),
    String(p.source ?? ""),
    String(p.mediaType ?? ""),
  );
  return renderDocumentEmail({
    ...frame,
    title: String(p.title ?? "document"),
    paragraphs,
    attached: Boolean(p.file),
    ...(p.link ? { link: String(p.link) } : {}),
  });
}

async function attachmentsFor(
  ctx: RelayContext,
  site: SiteConfig,
  row: OutboxRow,
): Promise<Attachment[]> {
  const p = row.payload as Record<string, unknown>;
  if (row.channel !== "email" || !p.file) return [];
  const file = await readPublishedFile(ctx.store, site.id, String(p.file));
  if (!file) return [];
  const filename = String(p.file).split("/").pop() ?? "document";
  return [
    {
      filename,
      content: file.content,
      ...(p.mediaType ? { contentType: String(p.mediaType) } : {}),
    },
  ];
}

/** The media links a message's payload carries (a WhatsApp catalog is its media link). */
export function mediaUrlsOf(payload: unknown): string[] {
  const urls = (payload as { mediaUrls?: unknown } | null)?.mediaUrls;
  return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === "string") : [];
}

export async function composeMessage(
  ctx: RelayContext,
  site: SiteConfig,
  row: OutboxRow,
  from: string,
): Promise<OutgoingMessage> {
  const mediaUrls = mediaUrlsOf(row.payload);
  const publicUrl = ctx.options.publicUrl?.replace(/\/+$/, "");
  return {
    id: row.id,
    channel: row.channel as OutboxChannel,
    from,
    to: row.recipient,
    ...(row.subject ? { subject: row.subject } : {}),
    body: row.body ?? "",
    ...(row.textBody ? { textBody: row.textBody } : {}),
    ...(mediaUrls.length ? { mediaUrls } : {}),
    attachments: await attachmentsFor(ctx, site, row),
    ...(publicUrl && row.channel !== "email"
      ? { statusCallbackUrl: `${publicUrl}/v1/webhooks/twilio/status?outbox=${row.id}` }
      : {}),
  };
}
