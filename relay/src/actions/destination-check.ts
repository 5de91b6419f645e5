/**
 * SMS and WhatsApp go only to countries the site allows (this is what stops SMS pumping to
 * premium-rate ranges), and only to numbers that can exist.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { SiteConfig } from "@parley/protocol";
import { badRequest, forbidden } from "../http/errors";

export function checkPhoneDestination(site: SiteConfig, phone: string): string {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed || !parsed.isValid())
    throw badRequest("phone number is not a valid number", "invalid_phone");
  const country = parsed.country;
  if (!country || !site.messaging.allowedCountries.includes(country)) {
    throw forbidden(
      `messages to ${country ?? "this region"} are not allowed for this site`,
      "country_not_allowed",
    );
  }
  return country;
}
