import { z } from "zod";
import { e164Phone, email, id, label, text } from "./formats";
import { Channel } from "./agent-turn";
import { isValidTimeZone } from "./time";

/** ISO 3166-1 alpha-2 region, as libphonenumber-js expects ("IN", "US"). */
export const Region = z.string().regex(/^[A-Z]{2}$/, { message: "must be a two-letter region code like IN" });

export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: "must be an IANA time zone like Asia/Kolkata" });

/** What a brain needs to know about the site it speaks for. */
export const SiteProfile = z.strictObject({
  company: label(),
  defaultRegion: Region,
  timezone: TimeZone,
  /** Source of a RegExp matching the site's order ids, e.g. "ORD\\d{5}". */
  orderIdPattern: z.string().max(200).optional(),
  persona: text(2000).optional(),
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
      z.strictObject({ source: z.literal("builtin") }),
      z.strictObject({ source: z.literal("http"), url: z.url().max(500), secret: z.string().max(500) }),
    ])
    .default({ source: "builtin" }),
  agentExpertise: z.array(AgentExpertise).default(["general"]),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
export type SiteConfigInput = z.input<typeof SiteConfig>;
