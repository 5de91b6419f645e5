/**
 * Time-zone arithmetic with nothing but `Intl`, so it runs the same in Node and every browser.
 * Parley speaks in the site's time zone and stores ISO 8601 strings that carry their offset.
 */

/** Offset of `timeZone` from UTC at the instant `date`, in minutes (IST → 330). */
export function timeZoneOffsetMinutes(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

function offsetSuffix(minutes: number): string {
  const sign = minutes >= 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${sign}${hh}:${mm}`;
}

/** `date` as wall-clock time in `timeZone`, ISO 8601 with offset: 2025-10-06T10:00:00+05:30. */
export function toZonedIso(date: Date, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(date, timeZone);
  const local = new Date(date.getTime() + offset * 60000);
  const iso = local.toISOString().slice(0, 19);
  return `${iso}${offsetSuffix(offset)}`;
}

/** Wall-clock fields in `timeZone` → the instant. Handles DST by re-checking the offset. */
export function zonedWallTimeToDate(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second ?? 0,
  );
  let instant = guess - timeZoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  // A second pass settles times near a DST change, where the first offset was the wrong side.
  instant = guess - timeZoneOffsetMinutes(new Date(instant), timeZone) * 60000;
  return new Date(instant);
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** "2025-10-06T10:00:00" (no offset) read as wall time in `timeZone` → ISO with offset. */
export function localIsoToZonedIso(localIso: string, timeZone: string): string | null {
  const m = LOCAL_ISO.exec(localIso);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = zonedWallTimeToDate(
    { year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: s ? +s : 0 },
    timeZone,
  );
  return toZonedIso(date, timeZone);
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
