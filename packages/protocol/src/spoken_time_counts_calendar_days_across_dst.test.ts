import { describe, expect, it } from "vitest";
import { describeClock, describeDay, describeWhen } from "./spoken-time";

const BERLIN = "Europe/Berlin";

describe("describeWhen (the agent's speech and the relay's messages)", () => {
  it("says today, tomorrow, or the weekday and date, with the clock", () => {
    const now = new Date("2025-10-05T15:00:00+05:30"); // a Sunday in Kolkata
    const zone = "Asia/Kolkata";
    expect(describeWhen(new Date("2025-10-05T18:00:00+05:30"), now, zone)).toBe("today at 6 PM");
    expect(describeWhen(new Date("2025-10-06T10:00:00+05:30"), now, zone)).toBe(
      "tomorrow at 10 AM",
    );
    expect(describeWhen(new Date("2025-10-07T10:30:00+05:30"), now, zone)).toBe(
      "Tuesday, 7 October at 10:30 AM",
    );
    expect(describeClock(new Date("2025-10-05T00:05:00+05:30"), zone)).toBe("12:05 AM");
    expect(describeClock(new Date("2025-10-05T12:00:00+05:30"), zone)).toBe("12 PM");
  });

  it("after midnight on the 25-hour day (2026-10-25), tomorrow is the 26th", () => {
    const now = new Date("2026-10-25T00:30:00+02:00");
    // now + 24 h is still the 25th: what the relay's old arithmetic took for tomorrow.
    expect(describeDay(new Date(now.getTime() + 86_400_000), now, BERLIN)).toBe("today");
    expect(describeWhen(new Date("2026-10-26T10:00:00+01:00"), now, BERLIN)).toBe(
      "tomorrow at 10 AM",
    );
  });

  it("late on the eve of the 23-hour day (2026-03-29), tomorrow is the 29th, not the 30th", () => {
    const now = new Date("2026-03-28T23:30:00+01:00");
    expect(describeWhen(new Date("2026-03-29T10:00:00+02:00"), now, BERLIN)).toBe(
      "tomorrow at 10 AM",
    );
    expect(describeWhen(new Date("2026-03-30T10:00:00+02:00"), now, BERLIN)).toBe(
      "Monday, 30 March at 10 AM",
    );
  });
});
