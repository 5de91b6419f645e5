/**
 * The only texts the relay ever sends. The browser names a template; the relay fills it from its
 * own records (order table, knowledge manifest, the callback it stored). A site may override a
 * text in its config (`templates`), using the same `{placeholders}`.
 */
import type { MessageTemplates, SiteConfig } from "@parley/protocol";

export const DEFAULT_TEXTS = {
  sms: {
    callback_confirmation:
      "Your callback is scheduled for {when}. We'll call you then. - {company}",
    order_tracking:
      "Your order #{orderId} is {status}. Track here: {trackingUrl} ETA: {eta} - {company}",
    document_link: "Here is the {title} you asked for: {url} - {company}",
  },
  whatsapp: {
    catalog:
      "Hi! 👋\n\nHere's our product catalog as requested.\n\n📦 Explore our range of products\n💰 Competitive pricing\n🚚 Fast delivery\n\nFeel free to ask if you have any questions!\n\nBest regards,\n{company} Team",
    document:
      "Hi! 👋\n\nHere is the {title} you asked for.\n\nFeel free to ask if you have any questions!\n\nBest regards,\n{company} Team",
  },
  email: {
    document: {
      subject: "{company} {title}",
      intro: "Thank you for contacting {company}. As requested, here is our {title}.",
      closing: "If you have any questions, just reply to this email.",
    },
    order_update: {
      subject: "Your Order #{orderId} - Delivery Update",
      intro:
        "We're sorry for the wait, and thank you for your patience. Here is the latest on your order #{orderId}.",
      closing:
        "If anything is still not right, reply to this email and our team will make it right.",
    },
  },
  voice: {
    callback:
      "Hello, this is {company} calling you back as you requested. Please stay on the line while we connect you to a member of our team.",
  },
} as const;

export type Placeholders = Record<string, string | number | null | undefined>;

/** Replaces `{name}`; an unknown or empty placeholder becomes an empty string, never "undefined". */
export function fill(template: string, values: Placeholders): string {
  return template
    .replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = values[key];
      return value === null || value === undefined ? "" : String(value);
    })
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

type SmsKey = keyof typeof DEFAULT_TEXTS.sms;
type WhatsAppKey = keyof typeof DEFAULT_TEXTS.whatsapp;
type EmailKey = keyof typeof DEFAULT_TEXTS.email;

function overrides(site: SiteConfig): MessageTemplates {
  return site.templates ?? {};
}

export function smsText(site: SiteConfig, key: SmsKey, values: Placeholders): string {
  return fill(overrides(site).sms?.[key] ?? DEFAULT_TEXTS.sms[key], {
    company: site.company,
    ...values,
  });
}

export function whatsappText(site: SiteConfig, key: WhatsAppKey, values: Placeholders): string {
  return fill(overrides(site).whatsapp?.[key] ?? DEFAULT_TEXTS.whatsapp[key], {
    company: site.company,
    ...values,
  });
}

export function voiceText(site: SiteConfig, values: Placeholders = {}): string {
  return fill(overrides(site).voice?.callback ?? DEFAULT_TEXTS.voice.callback, {
    company: site.company,
    ...values,
  });
}

export function emailTexts(site: SiteConfig, key: EmailKey, values: Placeholders) {
  const custom = overrides(site).email?.[key] ?? {};
  const base = DEFAULT_TEXTS.email[key];
  const all = { company: site.company, ...values };
  return {
    subject: fill(custom.subject ?? base.subject, all),
    intro: fill(custom.intro ?? base.intro, all),
    closing: fill(custom.closing ?? base.closing, all),
  };
}
