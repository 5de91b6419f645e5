/**
 * A time as a person says it in the site's time zone, relative to now: "today at 6 PM",
 * "tomorrow at 10 AM", "Monday, 6 October at 10:30 AM".
 */
function dayKey(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

export function describeWhen(at: Date, now: Date, timeZone: string): string {
  const minutes = new Intl.DateTimeFormat("en-US", { timeZone, minute: "2-digit" }).format(at);
  const clock = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "numeric",
    ...(Number(minutes) === 0 ? {} : { minute: "2-digit" }),
    hour12: true,
  })
    .format(at)
    .replace(/\s+/g, " ");
  const today = dayKey(now, timeZone);
  const tomorrow = dayKey(new Date(now.getTime() + 24 * 60 * 60 * 1000), timeZone);
  const day = dayKey(at, timeZone);
  if (day === today) return `today at ${clock}`;
  if (day === tomorrow) return `tomorrow at ${clock}`;
  const date = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(at);
  return `${date} at ${clock}`;
}
