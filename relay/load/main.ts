/**
 * `pnpm --filter @parley/relay run bench:load` (root: `pnpm bench:relay-load`): the fifty-call
 * concurrency run as a benchmark — prints the table and one BENCH_JSON line for scripts/bench.mjs.
 * Exits non-zero when a check fails.
 */
import { DEFAULT_LOAD, runLoad } from "./run-load";
import { formatReport, verifyLoad } from "./verify";

const calls = Number(process.env.PARLEY_LOAD_CALLS ?? DEFAULT_LOAD.calls);
const run = await runLoad({ ...DEFAULT_LOAD, calls });
try {
  const { checks, figures } = await verifyLoad(run);
  console.log(formatReport(checks, figures));
  console.log(
    `BENCH_JSON ${JSON.stringify({ name: "relay_concurrency", ...figures, checks_passed: checks.filter((c) => c.ok).length, checks_total: checks.length })}`,
  );
  if (checks.some((c) => !c.ok)) {
    process.exitCode = 1;
    const notable = run.relayLogs.filter((l) => /"level":"(warn|error)"/.test(l));
    console.log(
      `relay warnings and errors (${notable.length}):\n${notable.slice(0, 20).join("\n")}`,
    );
  }
} finally {
  if (process.env.PARLEY_LOAD_KEEP === "1") console.log(`kept ${run.databaseFile}`);
  else run.cleanup();
}
