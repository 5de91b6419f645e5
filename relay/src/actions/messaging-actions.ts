/**
 * send_sms, send_whatsapp, send_email: pick the template, fill it from the relay's own records,
 * and queue exactly one outbox row. The browser only names the template and the recipient.
 */
import { describeWhen, type ActionRequest, type Order, type SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import { badRequest, notFound } from "../http/errors";
import { findDocument, type KnowledgeDocument } from "../knowledge/knowledge-store";
import { mediaLink } from "../knowledge/media-link";
import { lookupOrder, trackingUrlOf } from "../orders/order-lookup";
import type { OutboxDraft } from "../outbox/enqueue";
import { emailTexts, smsText, whatsappText } from "../templates/texts";
import type { ActionHandler } from "./action-env";
import { checkPhoneDestination } from "./destination-check";
import { updateLead } from "./leads";

type Params<T extends ActionRequest["type"]> = Extract<ActionRequest, { type: T }>["params"];

async function requireOrder(
  ctx: RelayContext,
  site: SiteConfig,
  orderId: string | undefined,
): Promise<Order> {
  if (!orderId) throw badRequest("params.orderId: required by this template", "missing_param");
  const order = await lookupOrder(ctx, site, orderId);
  if (!order) throw notFound(`no order ${orderId}`, "order_not_found");
  return order;
}

async function requireDocument(
  ctx: RelayContext,
  site: SiteConfig,
  documentId: string | undefined,
): Promise<KnowledgeDocument> {
  if (!documentId)
    throw badRequest("params.documentId: required by this template", "missing_param");
  const doc = await findDocument(ctx.store, site.id, { id: documentId });
  if (!doc)
    throw notFound(
      `no document ${documentId} in the published knowledge index`,
      "document_not_found",
    );
  return doc;
}

export const sendSms: ActionHandler<Params<"send_sms">, OutboxDraft> = {
  async prepare(ctx, site, params) {
    checkPhoneDestination(site, params.to);
    const base = { channel: "sms" as const, template: params.template, recipient: params.to };
    switch (params.template) {
      case "callback_confirmation": {
        if (!params.callbackTime)
          throw badRequest("params.callbackTime: required by this template", "missing_param");
        const when = describeWhen(
          new Date(params.callbackTime),
          new Date(ctx.now()),
          site.timezone,
        );
        return {
          ...base,
          body: smsText(site, "callback_confirmation", { when }),
          payload: { callbackTime: params.callbackTime },
        };
      }
      case "order_tracking": {
        const order = await requireOrder(ctx, site, params.orderId);
        const trackingUrl = trackingUrlOf(site, order);
        const body = smsText(site, "order_tracking", {
          orderId: order.order_id,
          status: order.status.toLowerCase(),
          trackingUrl: trackingUrl ?? order.tracking_id ?? "",
          eta: (order.estimated_delivery ?? "").replace(/,/g, ""),
        });
        return { ...base, body, payload: { orderId: order.order_id } };
      }
      case "document_link": {
        const doc = await requireDocument(ctx, site, params.documentId);
        const url = mediaLink(ctx, site.id, doc.id);
        return {
          ...base,
          body: smsText(site, "document_link", { title: doc.title, url }),
          payload: { documentId: doc.id },
        };
      }
    }
  },
  async perform(tx, env, params, draft) {
    await updateLead(
      tx,
      env.leadId,
      {
        phone: params.to,
        preferredChannel: "sms",
        leadStatus: "contacted",
        lastContactedAt: env.now,
      },
      env.now,
    );
    return {
      status: "queued",
      result: { channel: "sms", template: params.template },
      drafts: [draft],
    };
  },
};

export const sendWhatsApp: ActionHandler<Params<"send_whatsapp">, OutboxDraft> = {
  async prepare(ctx, site, params) {
    checkPhoneDestination(site, params.to);
    let doc: KnowledgeDocument | null;
    if (params.template === "document") doc = await requireDocument(ctx, site, params.documentId);
    else
      doc = params.documentId
        ? await requireDocument(ctx, site, params.documentId)
        : await findDocument(ctx.store, site.id, { titleLike: /catalog/i });
    const mediaUrls = doc?.attachable && doc.file ? [mediaLink(ctx, site.id, doc.id)] : [];
    const body =
      params.template === "catalog"
        ? whatsappText(site, "catalog", {})
        : whatsappText(site, "document", { title: doc?.title ?? "" });
    return {
      channel: "whatsapp",
      template: params.template,
      recipient: params.to,
      body,
      payload: { documentId: doc?.id ?? null, mediaUrls },
    };
  },
  async perform(tx, env, params, draft) {
    await updateLead(
      tx,
      env.leadId,
      {
        phone: params.to,
        preferredChannel: "whatsapp",
        leadStatus: "contacted",
        lastContactedAt: env.now,
      },
      env.now,
    );
    const media = (draft.payload.mediaUrls as string[]).length > 0;
    return {
      status: "queued",
      result: { channel: "whatsapp", template: params.template, media },
      drafts: [draft],
    };
  },
};

export const sendEmail: ActionHandler<Params<"send_email">, OutboxDraft> = {
  async prepare(ctx, site, params) {
    const base = { channel: "email" as const, template: params.template, recipient: params.to };
    if (params.template === "order_update") {
      const order = await requireOrder(ctx, site, params.orderId);
      const texts = emailTexts(site, "order_update", { orderId: order.order_id });
      return {
        ...base,
        subject: texts.subject,
        payload: { ...texts, order, trackingUrl: trackingUrlOf(site, order) ?? null },
      };
    }
    const doc = await requireDocument(ctx, site, params.documentId);
    const texts = emailTexts(site, "document", { title: doc.title });
    const link = doc.attachable && doc.file ? mediaLink(ctx, site.id, doc.id) : null;
    return {
      ...base,
      subject: texts.subject,
      payload: {
        ...texts,
        documentId: doc.id,
        title: doc.title,
        source: doc.source,
        file: doc.attachable ? (doc.file ?? null) : null,
        mediaType: doc.mediaType,
        link,
      },
    };
  },
  async perform(tx, env, params, draft) {
    await updateLead(
      tx,
      env.leadId,
      {
        email: params.to,
        preferredChannel: "email",
        leadStatus: "contacted",
        lastContactedAt: env.now,
      },
      env.now,
    );
    return {
      status: "queued",
      result: { channel: "email", template: params.template },
      drafts: [draft],
    };
  },
};
