/**
 * RFC 4180 CSV. Cells that a spreadsheet would run as a formula (= + - @ and tab/CR first) get a
 * leading apostrophe, so an exported transcript cannot inject formulas.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = Array.isArray(value)
    ? value.join(" → ")
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** An ISO 8601 time in the site's timezone, e.g. "2026-11-21 10:05:00 GMT+5:30". */
export function siteTime(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return "";
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "shortOffset",
  }).format(ms);
}
