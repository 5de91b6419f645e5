/**
 * What may appear in logs about a person: never a phone number, an email or an IP in clear.
 * `pseudonym` is a keyed hash (HMAC with the relay secret), stable across processes so a support
 * engineer can follow one destination through the logs without being able to read it back.
 */
import { createHmac } from "node:crypto";

export function pseudonym(secret: string, value: string, kind = "id"): string {
  const digest = createHmac("sha256", secret)
    .update(`${kind}:${value.trim().toLowerCase()}`)
    .digest("hex");
  return `${kind}_${digest.slice(0, 12)}`;
}

/** "+919876543210" → "+91•••••••210" (country code and last three digits only). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^whatsapp:/, "");
  if (digits.length < 6) return "•••";
  return `${digits.slice(0, 3)}${"•".repeat(Math.max(0, digits.length - 6))}${digits.slice(-3)}`;
}

/** "jane.doe@example.com" → "j•••@e•••.com". */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "•••";
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot >= 0 ? domain.slice(dot) : "";
  return `${address[0]}•••@${domain[0] ?? ""}•••${tld}`;
}

// "+91 98765 43210", "whatsapp:+919876543210", or a bare national number of 10-15 digits.
// Dotted digits (IP addresses, versions) and short numbers are left alone.
const PHONE_IN_TEXT = /(?:whatsapp:)?\+\d[\d\s-]{5,18}\d|\b\d{10,15}\b/g;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Masks anything that looks like a phone number or an email inside free text (error messages). */
export function redactText(text: string): string {
  return text
    .replace(EMAIL_IN_TEXT, (m) => maskEmail(m))
    .replace(PHONE_IN_TEXT, (m) => maskPhone(m.replace(/[\s-]/g, "")));
}

/** Masks a recipient of any channel. */
export function maskRecipient(recipient: string): string {
  return recipient.includes("@") ? maskEmail(recipient) : maskPhone(recipient);
}
