/**
 * `pnpm bench:relay`: latency of POST /v1/actions at a fixed request rate against the real relay
 * process (dist/server.js when built, else the source through tsx) on a `file:` database (the
 * relay's default kind), with the outbox worker sending every accepted SMS to the local fake
 * Twilio (30 ms answers) at the same time. Prints p50/p90/p99; the target is p99 < 50 ms at
 * 300 req/s on a 2-core machine.
 *
 *   BENCH_RATE=300 BENCH_SECONDS=20 BENCH_WARMUP_SECONDS=3 BENCH_CONNECTIONS=64 pnpm bench:relay
 *
 * The load comes from fixed-rate-client.ts in its own process: open loop (request i is due at
 * i / rate seconds whatever happened to the earlier ones), latency counted from the due time, the
 * warm-up excluded. BENCH_CLIENT=autocannon drives the same run with autocannon instead, for
 * comparison only: its `overallRate` lets each connection fire back-to-back until it has made its
 * share of the second, then pause until the next second (a burst of `rate` requests with every
 * connection busy, i.e. a closed loop for most of each second), and it "corrects" its histogram
 * with a 1 ms expected interval; its figures describe that burst, not a steady 300 req/s.
 *
 * BENCH_PROFILE_DIR=/tmp/prof runs the relay with --cpu-prof (main and worker thread) and stops it
 * with SIGTERM so the profiles get written. It also prints the CPU time the relay process, the
 * load client and this process (the fake provider) used, since they share the machine's cores.
 */
import { fork } from "node:child_process";
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
import { percentile } from "../load/verify";
import {
  MEASURED_PHASE_STARTS,
  type ClientJob,
  type ClientReport,
  type ClientSample,
} from "./fixed-rate-client";

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const CLIENT = process.env.BENCH_CLIENT === "autocannon" ? "autocannon" : "fixed-rate";
const DRAIN_TIMEOUT_MS = 30_000;
const SESSIONS = 100;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** CPU ms (user + system) of a process or thread so far, from /proc (Linux). */
function cpuMsAt(statPath: string): number {
  try {
    const fields = readFileSync(statPath, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 10 ms
  } catch {
    return NaN;
  }
}

/** The relay's CPU: all its threads, and its main (HTTP) thread alone. */
function relayCpu(pid: number): { all: number; http: number } {
  return { all: cpuMsAt(`/proc/${pid}/stat`), http: cpuMsAt(`/proc/${pid}/task/${pid}/stat`) };
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

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

interface Figures {
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** The client's own lateness (timer, connection pool): when large, the client was the limit. */
  sendLagP99?: number;
  wallMs: number;
  relayCpuMs: number;
  /** The relay's main thread (HTTP); the rest is mostly the outbox worker thread. */
  httpThreadCpuMs: number;
  clientCpuMs: number;
  /** This process: the fake provider (and autocannon when it is the client). */
  benchCpuMs: number;
}

function summarise(samples: ClientSample[], errors: number, wallMs: number) {
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const lags = samples.map((s) => s.sendLagMs);
  const ok = samples.filter((s) => s.status >= 200 && s.status < 300).length;
  return {
    total: samples.length + errors,
    ok,
    non2xx: samples.length - ok,
    errors,
    achievedRate: (1000 * samples.length) / wallMs,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    sendLagP99: percentile(lags, 99),
    wallMs,
  };
}

async function runFixedRate(tokens: string[], bodyTemplate: string): Promise<Figures> {
  const child = fork(fileURLToPath(new URL("./fixed-rate-client.ts", import.meta.url)), {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const job: ClientJob = {
    url: relay.url,
    path: "/v1/actions",
    rate: RATE,
    warmupSeconds: WARMUP_SECONDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    tokens,
    origin: ORIGIN,
    bodyTemplate,
  };
  let relayCpu0 = { all: NaN, http: NaN };
  let benchCpu0 = process.cpuUsage();
  const report = await new Promise<ClientReport>((resolve, reject) => {
    child.on("message", (message) => {
      if (message === MEASURED_PHASE_STARTS) {
        relayCpu0 = relayCpu(relay.child.pid!);
        benchCpu0 = process.cpuUsage();
      } else resolve(message as ClientReport);
    });
    child.once("exit", (code) => reject(new Error(`load client exited (${code})`)));
    child.send(job);
  });
  const relayCpu1 = relayCpu(relay.child.pid!);
  const benchCpuMs = cpuMs(process.cpuUsage(benchCpu0));
  if (report.errors.length) console.log("client errors (first 20):", report.errors);
  const failed = Math.round(SECONDS * RATE) - report.measured.length;
  return {
    ...summarise(report.measured, failed, report.measuredWallMs),
    relayCpuMs: relayCpu1.all - relayCpu0.all,
    httpThreadCpuMs: relayCpu1.http - relayCpu0.http,
    clientCpuMs: report.measuredCpuMs,
    benchCpuMs,
  };
}

async function runAutocannon(tokens: string[], bodyTemplate: string): Promise<Figures> {
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
              body: bodyTemplate
                .replaceAll("{i}", String(i))
                .replaceAll("{phone}", phoneFor(i % 100_000)),
            };
          },
        },
      ],
    });
  await run(WARMUP_SECONDS, "warm-up");
  const relayCpu0 = relayCpu(relay.child.pid!);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await run(SECONDS, "measured");
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const l = result.latency;
  return {
    total: result.requests.total,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    achievedRate: result.requests.average,
    p50: l.p50,
    p90: l.p90,
    p99: l.p99,
    max: l.max,
    mean: l.average,
    wallMs,
    relayCpuMs: relayCpu(relay.child.pid!).all - relayCpu0.all,
    httpThreadCpuMs: relayCpu(relay.child.pid!).http - relayCpu0.http,
    clientCpuMs: cpuMs(cpu),
    benchCpuMs: cpuMs(cpu),
  };
}

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
  const bodyTemplate = JSON.stringify({
    type: "send_sms",
    idempotencyKey: "bench-key-{i}",
    params: { to: "{phone}", template: "order_tracking", orderId: "ORD98765" },
  });

  const loadAtStart = loadavg().map((n) => n.toFixed(1));
  const f =
    CLIENT === "fixed-rate"
      ? await runFixedRate(tokens, bodyTemplate)
      : await runAutocannon(tokens, bodyTemplate);

  const db = createClient({ url: databaseUrl });
  const count = async (q: string) => Number((await db.execute(q)).rows[0]!.n);
  const accepted = await count("select count(*) as n from actions");
  const sentWhenLoadStopped = await count("select count(*) as n from outbox where status = 'sent'");
  const drain0 = performance.now();
  let sent = sentWhenLoadStopped;
  while (sent < accepted && performance.now() - drain0 < DRAIN_TIMEOUT_MS) {
    await new Promise((r) => setTimeout(r, 100));
    sent = await count("select count(*) as n from outbox where status = 'sent'");
  }
  const drainMs = performance.now() - drain0;
  db.close();

  const clientWords =
    CLIENT === "fixed-rate"
      ? `fixed-rate open loop in its own process (latency from each request's due time, up to ${CONNECTIONS} connections)`
      : `autocannon, ${CONNECTIONS} connections (per-second bursts: NOT a steady rate, see the header)`;
  const pct = (ms: number) => ((100 * ms) / f.wallMs).toFixed(0);
  console.log(
    `\nPOST /v1/actions (send_sms) at ${RATE} req/s for ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up (excluded)`,
  );
  console.log(
    `client: ${clientWords}; relay from ${entry}/ on a file: database (WAL); outbox worker ${process.env.BENCH_WORKER ?? "default (own thread)"}`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average at start ${loadAtStart.join(" ")} (1/5/15 min; other work on the machine skews these numbers)`,
  );
  console.log(
    `requests: ${f.total} measured (${f.achievedRate.toFixed(0)} req/s achieved), 2xx ${f.ok}, non-2xx ${f.non2xx}, errors ${f.errors}`,
  );
  console.log(
    `latency ms: p50 ${fmt(f.p50)}  p90 ${fmt(f.p90)}  p99 ${fmt(f.p99)}  max ${fmt(f.max)}  mean ${fmt(f.mean)}` +
      (f.sendLagP99 !== undefined ? `  (client's own send lag p99 ${fmt(f.sendLagP99)})` : ""),
  );
  console.log(
    `outbox: ${accepted} actions accepted (warm-up included), ${sentWhenLoadStopped} SMS sent when the load stopped, ${sent} after ${(drainMs / 1000).toFixed(1)} s more ${sent >= accepted ? "(drained)" : "(NOT drained)"}`,
  );
  console.log(
    `cpu over the measured run: relay ${pct(f.relayCpuMs)}% of a core (${(f.relayCpuMs / Math.max(1, f.total)).toFixed(2)} ms per request, of which the HTTP thread ${(f.httpThreadCpuMs / Math.max(1, f.total)).toFixed(2)} ms), ${CLIENT === "fixed-rate" ? `load client ${pct(f.clientCpuMs)}%, fake provider ${pct(f.benchCpuMs)}%` : `autocannon + fake provider ${pct(f.benchCpuMs)}%`}; load average at end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}`,
  );
  console.log(`target p99 < 50 ms: ${f.p99 < 50 ? "met" : "NOT met"}`);
} finally {
  // SIGTERM lets --cpu-prof write its profiles on the way out.
  await relay.kill(PROFILE_DIR ? "SIGTERM" : "SIGKILL");
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
