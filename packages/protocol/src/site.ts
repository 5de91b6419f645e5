import { z } from "zod";
import { e164Phone, email, id, label, text } from "./formats";
import { Channel } from "./vocabulary";
import { isValidTimeZone } from "./time";
import { Order } from "./order";
import { HandoffSettings } from "./handoff-settings";

/** ISO 3166-1 alpha-2 region, as libphonenumber-js expects ("IN", "US"). */
export const Region = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: "must be a two-letter region code like IN" });

export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: "must be an IANA time zone like Asia/Kolkata" });

/** Language the agent speaks (BCP 47 language, optional region): "en", "en-GB", "de". */
export const Locale = z
  .string()
  .regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, { message: "must be a language tag like en or en-GB" });

/** Longest spoken answer from the knowledge base, in words (default 35, about 12 s of speech). */
export const MaxAnswerWords = z.number().int().min(10).max(120);

/** What a brain needs to know about the site it speaks for. */
export const SiteProfile = z.strictObject({
  company: label(),
  defaultRegion: Region,
  timezone: TimeZone,
  /** Source of a RegExp matching the site's order ids, e.g. "ORD\\d{5}". */
  orderIdPattern: z.string().max(200).optional(),
  persona: text(2000).optional(),
  locale: Locale.optional(),
  maxAnswerWords: MaxAnswerWords.optional(),
});
export type SiteProfile = z.infer<typeof SiteProfile>;

/** What is known about the visitor (the brief's `leads` row, as the widget sees it). */
export const Lead = z.strictObject({
  name: label().nullish(),
  company: label().nullish(),
  phone: e164Phone.nullish(),
  email: email.nullish(),
  preferred_channel: Channel.nullish(),
});
export type Lead = z.infer<typeof Lead>;

export const AgentExpertise = z.enum(["technical", "billing", "delivery", "general"]);
export type AgentExpertise = z.infer<typeof AgentExpertise>;

/** A human agent as a site config lists them. */
export const SiteAgent = z.strictObject({
  id,
  name: label(),
  expertise: z.array(AgentExpertise).min(1).max(AgentExpertise.options.length),
  status: z.enum(["available", "busy", "away", "offline"]).default("available"),
});
export type SiteAgent = z.infer<typeof SiteAgent>;

const templateText = text(1600);
/** Texts of the messages the relay sends; only these are ever sent (never a browser-written body). */
export const MessageTemplates = z.strictObject({
  sms: z
    .partialRecord(
      z.enum(["callback_confirmation", "order_tracking", "document_link"]),
      templateText,
    )
    .optional(),
  whatsapp: z.partialRecord(z.enum(["catalog", "document"]), templateText).optional(),
  email: z
    .partialRecord(
      z.enum(["document", "order_update"]),
      z.strictObject({
        subject: label().optional(),
        intro: templateText.optional(),
        closing: templateText.optional(),
      }),
    )
    .optional(),
  /** What the callee hears when a scheduled callback is placed by Twilio Voice. */
  voice: z.partialRecord(z.enum(["callback"]), templateText).optional(),
});
export type MessageTemplates = z.infer<typeof MessageTemplates>;

const origin = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, {
    message: "must be an origin like https://www.example.com (scheme, host, optional port)",
  });

/** One site served by a relay (`PARLEY_CONFIG` holds one or more of these). */
export const SiteConfig = z.strictObject({
  id,
  company: label(),
  allowedOrigins: z.array(origin).min(1).max(50),
  defaultRegion: Region,
  timezone: TimeZone,
  orderIdPattern: z.string().max(200).optional(),
  persona: text(2000).optional(),
  /** Language of the agent's own sentences (its sentence catalogue); default English. */
  locale: Locale.optional(),
  /** Spoken answers are at most two sentences and this many words; "tell me more" reads on. */
  maxAnswerWords: MaxAnswerWords.optional(),
  /** When false, the relay stores turn metadata but not what was said. */
  transcriptLogging: z.boolean().default(true),
  messaging: z
    .strictObject({
      /** Regions SMS and WhatsApp may be sent to (stops SMS pumping to premium ranges). */
      allowedCountries: z.array(Region).min(1).max(250),
      smsFrom: e164Phone.optional(),
      whatsappFrom: e164Phone.optional(),
      voiceFrom: e164Phone.optional(),
      emailFrom: z.string().max(254).optional(),
      /** Public base URL of this relay, used in links inside messages. */
      publicUrl: z.url().max(300).optional(),
      trackingUrlTemplate: z.string().max(300).optional(),
    })
    .default({ allowedCountries: ["US"] }),
  orders: z
    .discriminatedUnion("source", [
      z.strictObject({
        source: z.literal("builtin"),
        /** The demo's orders, loaded into the relay's orders table at start. */
        orders: z.array(Order).max(10_000).optional(),
      }),
      z.strictObject({
        source: z.literal("http"),
        url: z.url().max(500),
        secret: z.string().max(500),
      }),
    ])
    .default({ source: "builtin" }),
  agentExpertise: z.array(AgentExpertise).default(["general"]),
  /** Human agents the relay can hand a call to (the agent console manages them afterwards). */
  agents: z.array(SiteAgent).max(500).default([]),
  /** Overrides of the relay's built-in message texts; `{placeholders}` as documented by the relay. */
  templates: MessageTemplates.optional(),
  /** The warm handoff: the longest wait for a person, and the ICE servers of its voice call. */
  handoff: HandoffSettings.prefault({}),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
export type SiteConfigInput = z.input<typeof SiteConfig>;
