import { describe, expect, it } from "vitest";
import { localIsoToZonedIso, toZonedIso, zonedWallTimeToDate } from "./index";

describe("time zone arithmetic", () => {
  it("formats an instant in the site's zone with its offset", () => {
    expect(toZonedIso(new Date("2025-10-05T04:30:00Z"), "Asia/Kolkata")).toBe(
      "2025-10-05T10:00:00+05:30",
    );
  });

  it("reads wall time across a DST change", () => {
    // 2025-03-09 02:30 does not exist in New York; 10:00 that day is EDT (-04:00).
    expect(localIsoToZonedIso("2025-03-09T10:00:00", "America/New_York")).toBe(
      "2025-03-09T10:00:00-04:00",
    );
    expect(localIsoToZonedIso("2025-03-08T10:00:00", "America/New_York")).toBe(
      "2025-03-08T10:00:00-05:00",
    );
  });

  it("round-trips wall time", () => {
    const d = zonedWallTimeToDate(
      { year: 2025, month: 10, day: 6, hour: 10, minute: 0 },
      "Asia/Kolkata",
    );
    expect(d.toISOString()).toBe("2025-10-06T04:30:00.000Z");
  });

  it("rejects text that is not a local date-time", () => {
    expect(localIsoToZonedIso("tomorrow", "UTC")).toBeNull();
  });
});
