import { z } from "zod";

/**
 * Entity formats shared by every boundary. Messages are written for a person reading an error:
 * they say what was expected, with an example, so a 4xx from the relay or a failed story in
 * `parley replay` explains itself.
 */

/** Longest free text accepted anywhere (a spoken turn is far shorter; this stops abuse). */
export const MAX_TEXT = 4000;
/** Short labels: names, products, features. */
export const MAX_LABEL = 200;

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const e164Phone = z
  .string()
  .regex(E164_PATTERN, { message: "must be an E.164 phone number like +919876543210" });

/** ISO 8601 date-time that carries its UTC offset (or Z): "2025-10-06T10:00:00+05:30". */
export const isoDateTimeWithOffset = z.iso.datetime({
  offset: true,
  local: false,
  message: "must be an ISO 8601 date-time with a UTC offset, like 2025-10-06T10:00:00+05:30",
});

export const email = z
  .email({ message: "must be an email address like jane@example.com" })
  .max(254);

export const ORDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{2,31}$/;
export const orderId = z
  .string()
  .regex(ORDER_ID_PATTERN, { message: "must be an order id of 3-32 letters, digits or dashes" });

export const text = (max = MAX_TEXT) =>
  z.string().max(max, { message: `must be at most ${max} characters` });

export const label = () => text(MAX_LABEL);

/** Milliseconds since the Unix epoch. */
export const epochMs = z.number().int().nonnegative();

/** A duration in milliseconds (timings are in ms everywhere in Parley). */
export const durationMs = z
  .number()
  .nonnegative()
  .max(10 * 60 * 1000);

/** Identifiers minted by Parley or by a site: short, URL-safe. */
export const id = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(128, { message: "must be at most 128 characters" })
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: "may contain only letters, digits and _ . : -" });
