/**
 * Fifty scripted calls at human pace plus a burst, against one real relay process: nothing is
 * lost, nothing is sent twice, the dashboard's feed and live stream keep up. Latency and CPU
 * figures are printed (and produced as a benchmark by `pnpm bench:relay-load`), never asserted.
 */
import { afterAll, expect, it } from "vitest";
import { DEFAULT_LOAD, runLoad, type LoadResult } from "./run-load";
import { formatReport, verifyLoad } from "./verify";

let run: LoadResult | undefined;
afterAll(() => run?.cleanup());

it(
  "records every event and action of 50 concurrent calls exactly once and the dashboard keeps up",
  { timeout: 90_000 },
  async () => {
    run = await runLoad(DEFAULT_LOAD);
    const { checks, figures } = await verifyLoad(run);
    console.log(formatReport(checks, figures));
    expect(checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(16);
  },
);
