import { parsePhoneNumberFromString } from "libphonenumber-js/mobile";

/**
 * How values are read back to the visitor: a number the way they said it (national digits when
 * it is in the site's region). Times are said by @parley/protocol's describeWhen, the same
 * words the relay's messages use.
 */
export function speakPhone(e164: string, region: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === region ? String(parsed.nationalNumber) : parsed.formatInternational();
}

/** "Today, 6 PM" (the order system's words) → "by 6 PM today". */
export function speakEta(eta: string): string {
  const m = /^\s*(today|tomorrow)\s*,?\s*(.+)$/i.exec(eta);
  return m ? `by ${m[2]!.trim()} ${m[1]!.toLowerCase()}` : `by ${eta.trim()}`;
}
