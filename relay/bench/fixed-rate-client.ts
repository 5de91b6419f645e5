/**
 * The load generator of `pnpm bench:relay`, run as its own process (forked by actions_bench.ts) so
 * neither the relay nor the fake provider shares its event loop.
 *
 * Open loop at a fixed rate: request i is due at t0 + i / rate, whether or not earlier requests
 * have been answered (a slow relay does not slow the arrivals down, as it would with a closed
 * loop). Latency is measured from the time a request was DUE to the end of its response, so a
 * stall anywhere (relay, this client's timer, a full connection pool) shows in the figures
 * instead of being left out ("coordinated omission").
 */
import http from "node:http";

export interface ClientJob {
  url: string;
  path: string;
  rate: number;
  warmupSeconds: number;
  seconds: number;
  /** Most sockets open at once; requests due while all are busy wait (and that wait counts). */
  connections: number;
  tokens: string[];
  origin: string;
  /**
   * Request i's JSON body: this text with `{i}` replaced by i and `{phone}` by a distinct valid
   * mobile number (+9198765 and i mod 100,000 in five digits, as phoneFor in testing/load-config).
   */
  bodyTemplate: string;
}

export interface ClientSample {
  /** Due time → response end, ms (what the bench reports). */
  latencyMs: number;
  /** Due time → request written; > 0 when the client's timer or pool made it late. */
  sendLagMs: number;
  status: number;
}

export interface ClientReport {
  measured: ClientSample[];
  errors: string[];
  /** Measured phase: first due time → last response end, ms. */
  measuredWallMs: number;
  /** CPU this process used over the measured phase, ms. */
  measuredCpuMs: number;
}

/** Sent to the parent when the measured phase begins (it snapshots the relay's CPU then). */
export const MEASURED_PHASE_STARTS = "measured-phase-starts";

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

function run(job: ClientJob): Promise<ClientReport> {
  const target = new URL(job.url);
  // FIFO: every pooled socket is used in turn, so none idles past the server's keep-alive timeout
  // (5 s) and gets closed just as it is reused (a "socket hang up" that is the client's doing).
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: job.connections,
    scheduling: "fifo",
  });
  const intervalMs = 1000 / job.rate;
  const warmupCount = Math.round(job.warmupSeconds * job.rate);
  const total = warmupCount + Math.round(job.seconds * job.rate);
  const samples: (ClientSample | undefined)[] = new Array(total);
  const errors: string[] = [];
  let settled = 0;
  let next = 0;
  let lastEnd = 0;
  const t0 = performance.now() + 20;
  const dueAt = (i: number) => t0 + i * intervalMs;
  let cpuAtMeasuredStart = process.cpuUsage();

  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      resolve({
        measured: samples.slice(warmupCount).filter((s): s is ClientSample => s !== undefined),
        errors,
        measuredWallMs: lastEnd - dueAt(warmupCount),
        measuredCpuMs: cpuMs(process.cpuUsage(cpuAtMeasuredStart)),
      });
    };
    const settle = () => {
      if (++settled === total) finish();
    };

    const send = (i: number) => {
      const due = dueAt(i);
      const body = job.bodyTemplate
        .replaceAll("{i}", String(i))
        .replaceAll("{phone}", `+9198765${String(i % 100_000).padStart(5, "0")}`);
      let sentAt = due;
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: job.path,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
            origin: job.origin,
            authorization: `Bearer ${job.tokens[i % job.tokens.length]}`,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const end = performance.now();
            lastEnd = Math.max(lastEnd, end);
            samples[i] = {
              latencyMs: end - due,
              sendLagMs: sentAt - due,
              status: res.statusCode ?? 0,
            };
            settle();
          });
        },
      );
      req.on("socket", () => (sentAt = performance.now()));
      req.setTimeout(30_000, () => req.destroy(new Error("timed out after 30 s")));
      req.on("error", (error) => {
        if (errors.length < 20) errors.push(error.message);
        settle();
      });
      req.end(body);
    };

    const tick = () => {
      const now = performance.now();
      while (next < total && dueAt(next) <= now) {
        if (next === warmupCount) {
          cpuAtMeasuredStart = process.cpuUsage();
          process.send!(MEASURED_PHASE_STARTS);
        }
        send(next++);
      }
      if (next < total) setTimeout(tick, Math.max(0, dueAt(next) - performance.now()));
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
}

process.once("message", (job: ClientJob) => {
  void run(job).then((report) => {
    process.send!(report, () => process.exit(0));
  });
});
