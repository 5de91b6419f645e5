/**
 * `pnpm bench:relay`: latency of POST /v1/actions at a fixed request rate against the real relay
 * process (dist/server.js when built, else the source through tsx) on a file: database, with the
 * outbox worker sending every accepted SMS to the local fake Twilio (30 ms answers) at the same
 * time. Prints p50/p90/p99; the target is p99 < 50 ms at 300 req/s on a 2-core machine.
 *
 *   BENCH_RATE=300 BENCH_SECONDS=20 BENCH_CONNECTIONS=40 pnpm bench:relay
 *
 * BENCH_PROFILE_DIR=/tmp/prof runs the relay with --cpu-prof (main and worker thread) and stops it
 * with SIGTERM so the profiles get written. It also prints the CPU time the relay process and this
 * bench process (autocannon + the fake provider) used, since they share the machine's cores.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir, cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createClient } from "@libsql/client";
import { FAKE_TWILIO, startFakeProviders } from "../src/testing/fake-providers";
import { loadTestConfig, phoneFor } from "../src/testing/load-config";
import { startRelayProcess } from "../src/testing/relay-process";
import { ORIGIN, SECRET } from "../src/testing/test-relay";

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 40);
const SESSIONS = 100;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

/** CPU ms (user + system, all threads) a process has used so far, from /proc (Linux). */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 10 ms
  } catch {
    return NaN;
  }
}

const relayDir = fileURLToPath(new URL("..", import.meta.url));
const entry = existsSync(path.join(relayDir, "dist/server.js")) ? "dist" : "src";
const dir = mkdtempSync(path.join(tmpdir(), "parley-bench-"));
const databaseUrl = `file:${path.join(dir, "relay.db")}`;
const fake = await startFakeProviders({ latencyMs: 30 });
const relay = await startRelayProcess(
  {
    PARLEY_CONFIG: loadTestConfig(),
    DATABASE_URL: databaseUrl,
    PARLEY_SECRET: SECRET,
    TWILIO_ACCOUNT_SID: FAKE_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO.authToken,
    PARLEY_TWILIO_BASE_URL: fake.url,
    PARLEY_LOG_LEVEL: "error",
    ...(process.env.BENCH_WORKER ? { PARLEY_OUTBOX_WORKER: process.env.BENCH_WORKER } : {}),
  },
  { entry, ...(PROFILE_DIR ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] } : {}) },
);

try {
  const tokens: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const res = await fetch(`${relay.url}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ siteId: "techcorp", visitorId: `bench-visitor-${i}` }),
    });
    tokens.push(((await res.json()) as { token: string }).token);
  }

  let counter = 0;
  const run = (seconds: number, label: string) =>
    autocannon({
      url: `${relay.url}/v1/actions`,
      method: "POST",
      connections: CONNECTIONS,
      overallRate: RATE,
      duration: seconds,
      title: label,
      requests: [
        {
          setupRequest(req) {
            const i = counter++;
            return {
              ...req,
              headers: {
                "content-type": "application/json",
                origin: ORIGIN,
                authorization: `Bearer ${tokens[i % SESSIONS]}`,
              },
              body: JSON.stringify({
                type: "send_sms",
                idempotencyKey: `bench-key-${i}`,
                params: {
                  to: phoneFor(i % 100_000),
                  template: "order_tracking",
                  orderId: "ORD98765",
                },
              }),
            };
          },
        },
      ],
    });

  const load = loadavg()[0]!.toFixed(1);
  await run(WARMUP_SECONDS, "warm-up");
  const relayCpu0 = processCpuMs(relay.child.pid!);
  const benchCpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await run(SECONDS, "measured");
  const wallMs = performance.now() - wall0;
  const relayCpuMs = processCpuMs(relay.child.pid!) - relayCpu0;
  const benchCpu = process.cpuUsage(benchCpu0);
  const benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
  const db = createClient({ url: databaseUrl });
  const accepted = Number((await db.execute("select count(*) as n from actions")).rows[0]!.n);
  const sent = Number(
    (await db.execute("select count(*) as n from outbox where status = 'sent'")).rows[0]!.n,
  );
  db.close();

  const l = result.latency;
  const okP99 = l.p99 < 50;
  console.log(
    `\nPOST /v1/actions (send_sms) at ${RATE} req/s for ${SECONDS} s, ${CONNECTIONS} connections, relay from ${entry}/, file: database, outbox worker ${process.env.BENCH_WORKER ?? "default"}`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average at start ${load} (other work on the machine skews these numbers)`,
  );
  console.log(
    `requests: ${result.requests.total} (${result.requests.average.toFixed(0)} req/s achieved), 2xx ${result["2xx"]}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  console.log(
    `latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}  mean ${l.average.toFixed(2)}`,
  );
  console.log(
    `outbox: ${accepted} actions accepted, ${sent} SMS sent to the fake provider by the time the run ended`,
  );
  console.log(
    `cpu during the measured run: relay ${((100 * relayCpuMs) / wallMs).toFixed(0)}% of a core (${(relayCpuMs / Math.max(1, result.requests.total)).toFixed(2)} ms per request, worker thread included), bench process (autocannon + fake provider) ${((100 * benchCpuMs) / wallMs).toFixed(0)}%; load average at end ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`target p99 < 50 ms: ${okP99 ? "met" : "NOT met"}`);
} finally {
  // SIGTERM lets --cpu-prof write its profiles on the way out.
  await relay.kill(PROFILE_DIR ? "SIGTERM" : "SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
