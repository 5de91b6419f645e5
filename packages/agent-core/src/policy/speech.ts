import { parsePhoneNumberFromString } from "libphonenumber-js/mobile";
import { timeZoneOffsetMinutes } from "@parley/protocol";

/**
 * How values are read back to the visitor: a number the way they said it (national digits when
 * it is in the site's region), a time relative to today in the site's time zone.
 */
export function speakPhone(e164: string, region: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === region ? String(parsed.nationalNumber) : parsed.formatInternational();
}

function localParts(date: Date, timeZone: string) {
  const local = new Date(date.getTime() + timeZoneOffsetMinutes(date, timeZone) * 60000);
  return {
    day: Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) / 86400000,
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
    date: local.getUTCDate(),
    month: local.getUTCMonth(),
  };
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "10 AM", "4:30 PM". */
export function speakClock(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const suffix = p.hour < 12 ? "AM" : "PM";
  return p.minute === 0
    ? `${h12} ${suffix}`
    : `${h12}:${String(p.minute).padStart(2, "0")} ${suffix}`;
}

/** "today", "tomorrow", "on Monday", "on 12 October" (relative to `now`, in the site's zone). */
export function speakDay(date: Date, now: Date, timeZone: string): string {
  const d = localParts(date, timeZone);
  const n = localParts(now, timeZone);
  const diff = d.day - n.day;
  if (diff === 0) return "today";
  if (diff === 1) return "tomorrow";
  if (diff > 1 && diff < 7) return `on ${WEEKDAYS[d.weekday]}`;
  return `on ${d.date} ${MONTHS[d.month]}`;
}

/** "tomorrow at 10 AM". */
export function speakDateTime(date: Date, now: Date, timeZone: string): string {
  return `${speakDay(date, now, timeZone)} at ${speakClock(date, timeZone)}`;
}

/** "Today, 6 PM" (the order system's words) → "by 6 PM today". */
export function speakEta(eta: string): string {
  const m = /^\s*(today|tomorrow)\s*,?\s*(.+)$/i.exec(eta);
  return m ? `by ${m[2]!.trim()} ${m[1]!.toLowerCase()}` : `by ${eta.trim()}`;
}
