/** `?range=hour|day` or `?from=…&to=…` (epoch ms or ISO 8601) → a half-open [from, to) window. */
import { badRequest } from "../http/errors";

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
const MAX_RANGE_MS = 366 * DAY_MS;

export interface TimeRange {
  from: number;
  to: number;
}

function parseInstant(value: string, name: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n) || n < 0)
    throw badRequest(`${name} must be epoch milliseconds or an ISO 8601 time`, "invalid_range");
  return n;
}

export function parseRange(query: Record<string, string | undefined>, now: number): TimeRange {
  const { range, from, to } = query;
  if (from !== undefined || to !== undefined) {
    const start = from !== undefined ? parseInstant(from, "from") : now - HOUR_MS;
    const end = to !== undefined ? parseInstant(to, "to") : now;
    if (end <= start) throw badRequest("to must be after from", "invalid_range");
    if (end - start > MAX_RANGE_MS)
      throw badRequest("a range may span at most 366 days", "invalid_range");
    return { from: start, to: end };
  }
  if (range === undefined || range === "hour") return { from: now - HOUR_MS, to: now };
  if (range === "day") return { from: now - DAY_MS, to: now };
  throw badRequest('range must be "hour" or "day" (or give from and to)', "invalid_range");
}
