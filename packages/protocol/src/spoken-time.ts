/**
 * The one way Parley says a time to a visitor, in the site's time zone, relative to now: what
 * the agent speaks ("I'll schedule a callback for tomorrow at 10 AM") and what the relay's
 * messages write ("Your callback is scheduled for tomorrow at 10 AM"), so the two agree.
 *
 *   same calendar day      → "today at 6 PM"
 *   the next calendar day  → "tomorrow at 10 AM"
 *   any other day          → "Monday, 6 October at 10:30 AM"
 *
 * Days are calendar days in `timeZone`, not 24-hour steps: on the night clocks change a day is
 * 23 or 25 hours long, and "now + 24 h" can land on the wrong date.
 */

/** The calendar date of `at` in `timeZone`, as a day count (days since 1970-01-01). */
function calendarDay(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get("year"), get("month") - 1, get("day")) / 86_400_000;
}

/** "10 AM", "4:30 PM" in `timeZone` (minutes only when they are not :00). */
export function describeClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const minute = get("minute");
  const suffix = get("dayPeriod").toUpperCase();
  return minute === "00" ? `${get("hour")} ${suffix}` : `${get("hour")}:${minute} ${suffix}`;
}

/** "today", "tomorrow" or "Monday, 6 October": the calendar day of `at` seen from `now`. */
export function describeDay(at: Date, now: Date, timeZone: string): string {
  const days = calendarDay(at, timeZone) - calendarDay(now, timeZone);
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  // Composed from parts: ICU versions (Node's, each browser's) punctuate "en-GB" dates differently.
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("weekday")}, ${get("day")} ${get("month")}`;
}

/** "tomorrow at 10 AM": `at` said relative to `now`, in `timeZone`. */
export function describeWhen(at: Date, now: Date, timeZone: string): string {
  return `${describeDay(at, now, timeZone)} at ${describeClock(at, timeZone)}`;
}
