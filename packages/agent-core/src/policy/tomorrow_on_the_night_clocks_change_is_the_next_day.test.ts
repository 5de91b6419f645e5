import { describe, expect, it } from "vitest";
import { describeWhen } from "@parley/protocol";
import { parseStory, replayStory } from "../replay/replay";

/**
 * 25 October 2026, Europe/Berlin: at 03:00 CEST the clocks go back to 02:00 CET, so that day has
 * 25 hours. Half an hour after midnight, "now + 24 h" is still the 25th; tomorrow is the 26th.
 */
const NIGHT_CLOCKS_CHANGE = "2026-10-25T00:30:00+02:00";

describe("'tomorrow at 10 AM' on the night the clocks change (Europe/Berlin)", () => {
  it("the agent books the 26th at 10:00 CET and says 'tomorrow at 10 AM'", async () => {
    const report = await replayStory(
      parseStory({
        name: "Callback asked for just after midnight on the DST night",
        site: {
          company: "Example Store",
          defaultRegion: "DE",
          timezone: "Europe/Berlin",
          now: NIGHT_CLOCKS_CHANGE,
        },
        turns: [
          {
            user: "Please call me back tomorrow at 10 AM on 01512 3456789",
            expect: {
              intent: "callback_request",
              entities: { callback_time: "2026-10-26T10:00:00+01:00", phone: "+4915123456789" },
              actions: ["schedule_callback", "send_sms"],
              response_contains: ["tomorrow at 10 AM"],
            },
          },
        ],
      }),
    );
    const turn = report.turns[0]!;
    expect(turn.mismatches).toEqual([]);
    // What the relay is asked to confirm by SMS is the same instant the agent spoke of.
    const sms = turn.requests.find((r) => r.type === "send_sms");
    expect(sms?.params).toMatchObject({ callbackTime: "2026-10-26T10:00:00+01:00" });
  });

  it("the words come from the one formatter the relay's templates use", () => {
    const at = new Date("2026-10-26T10:00:00+01:00");
    expect(describeWhen(at, new Date(NIGHT_CLOCKS_CHANGE), "Europe/Berlin")).toBe(
      "tomorrow at 10 AM",
    );
  });
});
