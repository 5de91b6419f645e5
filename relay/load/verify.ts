/**
 * Turns a load run into checks (each a sentence that is true or false, with the numbers behind
 * it) and figures (latency percentiles, feed lag, relay CPU and memory). The database is read
 * directly after the relay process has stopped, so nothing the relay says about itself is taken
 * on trust.
 */
import os from "node:os";
import { createClient } from "@libsql/client";
import type { LoadResult } from "./run-load";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface LoadFigures {
  calls: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  burst: { requests: number; p50: number; p95: number; max: number };
  retries: number;
  feedLagMs: { p50: number; p95: number; max: number };
  liveStates: number;
  liveMaxActive: number;
  liveSettleMs: number | null;
  outboxDrainMs: number | null;
  outboxRows: number;
  providerRetries: number;
  relayCpuPercent: number;
  relayCpuPeakPercent: number;
  relayRssMiB: { start: number; peak: number; end: number };
  durationS: number;
  /** 1-minute load average of the machine when the run ended (other work shares these cores). */
  machineLoadAverage: number;
  cores: number;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function verifyLoad(
  run: LoadResult,
): Promise<{ checks: Check[]; figures: LoadFigures }> {
  const db = createClient({ url: `file:${run.databaseFile}` });
  const q = async (sql: string, args: (string | number)[] = []) =>
    (await db.execute({ sql, args })).rows as unknown as Record<string, unknown>[];
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const expectedCalls = run.options.calls;
  check(
    "every scripted call opened a session and ended",
    run.calls.length === expectedCalls && run.calls.every((c) => c.ended > 0),
    `${run.calls.length}/${expectedCalls} calls ran to the end`,
  );
  check(
    "no request failed",
    run.failures.length === 0,
    run.failures.slice(0, 5).join("; ") || "all 2xx",
  );

  // No lost record: every event is stored exactly once, replays are recognised as duplicates.
  const sentEvents = run.calls.reduce((n, c) => n + c.events.length, 0);
  const storedRows = Number((await q("select count(*) as n from call_events"))[0]!.n);
  const storedSaid = run.calls.reduce((n, c) => n + c.stored, 0);
  check(
    "every call event is stored exactly once",
    storedRows === sentEvents && storedSaid === sentEvents,
    `${sentEvents} events sent, ${storedSaid} acknowledged as new, ${storedRows} rows`,
  );
  const replays = run.requests.filter((r) => r.kind === "beacon_replay").length;
  const duplicates = run.calls.reduce((n, c) => n + c.duplicates, 0);
  check(
    "sendBeacon replays change nothing",
    replays > 0 && duplicates > 0 && storedRows === sentEvents,
    `${replays} replayed batches, ${duplicates} events answered as duplicates`,
  );

  const sessionIds = run.calls.map((c) => c.sessionId);
  const sessions = await q(
    `select id, status, turn_count, resolution, end_reason from sessions where id in (${sessionIds.map(() => "?").join(",")})`,
    sessionIds,
  );
  const byId = new Map(sessions.map((s) => [String(s.id), s]));
  const wrongSessions = run.calls.filter((c) => {
    const s = byId.get(c.sessionId);
    const resolution = c.script.endReason === "escalated" ? "escalated" : "autonomous";
    return (
      !s ||
      s.status !== "ended" ||
      Number(s.turn_count) !== c.script.turns.length ||
      s.resolution !== resolution
    );
  });
  check(
    "every call record is complete (ended, turn count, resolution)",
    wrongSessions.length === 0,
    `${sessions.length} call records; ${wrongSessions.length} wrong`,
  );

  const expectedMessages = run.calls.reduce(
    // A call that ends while its transfer is still open withdraws it, and the conversation log
    // gets the relay's one system line saying the visitor left (escalation/withdraw.ts).
    (n, c) =>
      n +
      c.script.turns.length * 2 +
      (c.script.greeting ? 1 : 0) +
      (c.script.endReason === "escalated" ? 1 : 0),
    0,
  );
  const messageRows = Number(
    (
      await q(
        `select count(*) as n from messages where session_id in (${sessionIds.map(() => "?").join(",")})`,
        sessionIds,
      )
    )[0]!.n,
  );
  check(
    "the conversation log holds every line once",
    messageRows === expectedMessages,
    `${messageRows} messages, expected ${expectedMessages}`,
  );

  // Actions: one row per idempotency key; the burst's retries returned the first action.
  const sentActions = run.calls.flatMap((c) => c.actions);
  const expectedActions = run.calls.reduce(
    (n, c) => n + c.script.turns.reduce((m, t) => m + (t.actions?.length ?? 0), 0),
    0,
  );
  const actionRows = Number((await q("select count(*) as n from actions"))[0]!.n);
  const retried = sentActions.filter((a) => a.duplicateOnRetry !== undefined);
  check(
    "every action is stored once; retries with the same key return it",
    actionRows === expectedActions &&
      sentActions.length === expectedActions &&
      retried.length > 0 &&
      retried.every((a) => a.duplicateOnRetry),
    `${expectedActions} actions scripted, ${actionRows} rows, ${retried.length} retried during the burst, all answered duplicate: ${retried.every((a) => a.duplicateOnRetry)}`,
  );

  const kinds = (k: string) => run.calls.filter((c) => c.script.kind === k).length;
  const tickets = Number((await q("select count(*) as n from support_tickets"))[0]!.n);
  const callbacks = await q("select time_iso, status from callbacks");
  const escalations = Number((await q("select count(*) as n from escalations"))[0]!.n);
  check(
    "tickets, callbacks and escalations match the calls that asked for them",
    tickets === kinds("complaint") &&
      callbacks.length === kinds("callback") &&
      escalations === kinds("escalation") &&
      callbacks.every((c) => c.status === "scheduled"),
    `${tickets} tickets, ${callbacks.length} callbacks (scheduled), ${escalations} escalations`,
  );

  // Outbox: one row per message, each delivered to the provider exactly once despite the 500s.
  const outbox = await q(
    "select id, action_id, channel, template, recipient, status, provider_id, attempts from outbox",
  );
  const nonVoice = outbox.filter((r) => r.channel !== "voice");
  const expectedOutbox =
    kinds("policy_email") +
    kinds("callback") * 2 +
    kinds("whatsapp_catalog") +
    kinds("complaint") * 2;
  const providerIds = new Set(nonVoice.map((r) => String(r.provider_id)));
  const delivered = [...run.fake.messages.map((m) => m.sid), ...run.fake.emails.map((e) => e.id)];
  const sentByProvider = new Set(delivered);
  const dupKeys = new Set<string>();
  const seen = new Set<string>();
  for (const r of outbox) {
    const key = `${r.action_id}|${r.channel}|${r.template}|${r.recipient}`;
    if (seen.has(key)) dupKeys.add(key);
    seen.add(key);
  }
  check(
    "the outbox holds exactly one row per message",
    outbox.length === expectedOutbox && dupKeys.size === 0,
    `${outbox.length} rows, expected ${expectedOutbox}, ${dupKeys.size} duplicated`,
  );
  check(
    "every message reached its provider exactly once, after the scripted 500s",
    nonVoice.every((r) => r.status === "sent") &&
      delivered.length === nonVoice.length &&
      sentByProvider.size === delivered.length &&
      [...providerIds].every((id) => sentByProvider.has(id)),
    `${nonVoice.length} rows sent, provider received ${delivered.length} (${run.fake.hits["twilio.messages"]} Twilio + ${run.fake.hits["resend.emails"]} Resend requests incl. ${run.options.providerFailures.sms + run.options.providerFailures.email} scripted 500s)`,
  );
  const withAttachment = run.fake.messages.filter((m) => m.mediaUrls.length === 1);
  check(
    "WhatsApp catalogs carry the PDF link",
    withAttachment.length === kinds("whatsapp_catalog"),
    `${withAttachment.length} WhatsApp messages with media`,
  );
  const voice = outbox.filter((r) => r.channel === "voice");
  check(
    "callback calls wait for their time",
    voice.length === kinds("callback") &&
      voice.every((r) => r.status === "queued") &&
      run.fake.calls.length === 0,
    `${voice.length} voice rows queued, ${run.fake.calls.length} placed early`,
  );

  // The dashboard keeps up: the feed shows every turn and action, the live stream settles.
  const feedByTopic = (topic: string) => run.feed.filter((e) => e.topic === topic);
  const turnIds = new Set(run.calls.flatMap((c) => [...c.turnAcks.keys()]));
  const turnsInFeed = new Set(feedByTopic("message.created").map((e) => String(e.data.turnId)));
  const missingTurns = [...turnIds].filter((t) => !turnsInFeed.has(t));
  const created = new Set(feedByTopic("session.created").map((e) => e.entityId));
  const actionsInFeed = new Set(feedByTopic("action.created").map((e) => e.entityId));
  check(
    "the admin feed saw every session, turn and action",
    sessionIds.every((s) => created.has(s)) &&
      missingTurns.length === 0 &&
      sentActions.every((a) => actionsInFeed.has(a.actionId)) &&
      run.feedErrors === 0,
    `${created.size} sessions, ${turnsInFeed.size}/${turnIds.size} turns, ${actionsInFeed.size}/${sentActions.length} actions; ${run.feedErrors} feed errors`,
  );
  const feedIds = run.feed.map((e) => e.id);
  check(
    "the feed has no gaps or repeats",
    new Set(feedIds).size === feedIds.length &&
      feedIds.every((id, i) => i === 0 || id > feedIds[i - 1]!),
    `${feedIds.length} entries, ids strictly increasing`,
  );
  const lags: number[] = [];
  const firstSeen = new Map<string, number>();
  for (const e of feedByTopic("message.created"))
    if (!firstSeen.has(String(e.data.turnId))) firstSeen.set(String(e.data.turnId), e.seenAt);
  for (const c of run.calls)
    for (const [turnId, ack] of c.turnAcks)
      if (firstSeen.has(turnId)) lags.push(Math.max(0, firstSeen.get(turnId)! - ack));
  const maxActive = Math.max(0, ...run.live.map((s) => s.state.active.length));
  check(
    "the live dashboard stream followed the calls and settled",
    run.live.length > 1 &&
      maxActive >= Math.floor(expectedCalls * 0.6) &&
      run.liveSettleMs !== null,
    `${run.live.length} state events, up to ${maxActive} active calls at once, settled ${run.liveSettleMs === null ? "never" : `${Math.round(run.liveSettleMs)} ms`} after the last call ended`,
  );
  check("the relay process stopped cleanly", run.relayExit === 0, `exit code ${run.relayExit}`);
  db.close();

  // Figures.
  const latencies = run.requests.map((r) => r.ms);
  const burst = run.requests.filter((r) => r.burst).map((r) => r.ms);
  const window = run.usage.filter((s) => s.t >= run.loadWindow.start && s.t <= run.loadWindow.end);
  const first = window[0] ?? run.usage[0]!;
  const last = window.at(-1) ?? run.usage.at(-1)!;
  const cpuPct = ((last.cpuSeconds - first.cpuSeconds) / ((last.t - first.t) / 1000)) * 100;
  let peak = 0;
  for (let i = 1; i < run.usage.length; i++) {
    const a = run.usage[i - 1]!;
    const b = run.usage[i]!;
    if (b.t - a.t > 50)
      peak = Math.max(peak, ((b.cpuSeconds - a.cpuSeconds) / ((b.t - a.t) / 1000)) * 100);
  }
  const mib = (b: number) => round(b / 2 ** 20);
  const durationS = (run.loadWindow.end - run.loadWindow.start) / 1000;
  const figures: LoadFigures = {
    calls: run.calls.length,
    requests: run.requests.length,
    requestsPerSecond: round(run.requests.length / durationS),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(Math.max(...latencies)),
    },
    burst: {
      requests: burst.length,
      p50: round(percentile(burst, 50)),
      p95: round(percentile(burst, 95)),
      max: round(Math.max(...burst)),
    },
    retries: run.requests.reduce((n, r) => n + r.retries, 0),
    feedLagMs: {
      p50: round(percentile(lags, 50)),
      p95: round(percentile(lags, 95)),
      max: round(Math.max(...lags)),
    },
    liveStates: run.live.length,
    liveMaxActive: maxActive,
    liveSettleMs: run.liveSettleMs === null ? null : round(run.liveSettleMs),
    outboxDrainMs: run.outboxDrainMs === null ? null : round(run.outboxDrainMs),
    outboxRows: outbox.length,
    providerRetries: outbox.reduce((n, r) => n + Math.max(0, Number(r.attempts) - 1), 0),
    relayCpuPercent: round(cpuPct),
    relayCpuPeakPercent: round(peak),
    relayRssMiB: {
      start: mib(run.usage[0]!.rssBytes),
      peak: mib(Math.max(...run.usage.map((s) => s.rssBytes))),
      end: mib(run.usage.at(-1)!.rssBytes),
    },
    durationS: round(durationS),
    machineLoadAverage: round(os.loadavg()[0]!),
    cores: os.cpus().length,
  };
  return { checks, figures };
}

export function formatReport(checks: Check[], f: LoadFigures): string {
  const lines = [
    `Relay under ${f.calls} concurrent scripted calls (one relay process, file: libSQL, real Twilio/Resend SDKs against a local fake that fails first)`,
    "",
    "| figure | value |",
    "| --- | ---: |",
    `| load window | ${f.durationS} s |`,
    `| machine load average at the end (cores) | ${f.machineLoadAverage} (${f.cores}) — latencies stretch when other work shares the cores |`,
    `| HTTP requests (all kinds) | ${f.requests} (${f.requestsPerSecond}/s) |`,
    `| request latency p50 / p95 / p99 / max | ${f.latencyMs.p50} / ${f.latencyMs.p95} / ${f.latencyMs.p99} / ${f.latencyMs.max} ms |`,
    `| burst: ${f.burst.requests} requests at once, p50 / p95 / max | ${f.burst.p50} / ${f.burst.p95} / ${f.burst.max} ms |`,
    `| client retries (503 busy / network) | ${f.retries} |`,
    `| admin feed lag after a turn is acknowledged p50 / p95 / max | ${f.feedLagMs.p50} / ${f.feedLagMs.p95} / ${f.feedLagMs.max} ms (100 ms polling) |`,
    `| live dashboard: state events, most active calls shown | ${f.liveStates}, ${f.liveMaxActive} |`,
    `| live dashboard settles after the last call ends | ${f.liveSettleMs ?? "never"} ms |`,
    `| outbox rows / provider retries after 500s | ${f.outboxRows} / ${f.providerRetries} |`,
    `| outbox fully sent after the load ends | ${f.outboxDrainMs ?? "never"} ms |`,
    `| relay CPU, mean over the load / peak (200 ms samples) | ${f.relayCpuPercent} % / ${f.relayCpuPeakPercent} % of one core |`,
    `| relay resident memory start / peak / end | ${f.relayRssMiB.start} / ${f.relayRssMiB.peak} / ${f.relayRssMiB.end} MiB |`,
    "",
    ...checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.name} — ${c.detail}`),
  ];
  return lines.join("\n");
}
