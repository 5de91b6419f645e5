/**
 * The concurrency run: one real relay process (file: libSQL database, real Twilio and Resend
 * SDKs pointed at the local fake provider server, which fails its first few requests), fifty
 * scripted calls at human pace, one burst in the middle (every call at once replays its last
 * event batch the way sendBeacon does, retries its last action with the same idempotency key and
 * polls its status), and the dashboard watching through the admin feed and the live SSE stream.
 *
 * `runLoad()` returns the raw material; `verify.ts` turns it into checks and figures.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CallEvent } from "@parley/protocol";
import {
  FAKE_RESEND,
  FAKE_TWILIO,
  startFakeProviders,
  type FakeProviders,
} from "../src/testing/fake-providers";
import { knowledgeUpload } from "../src/testing/knowledge-fixture";
import { REPO_ROOT, sampleUsage, startRelayProcess, type ProcessUsage } from "./relay-process";
import { buildScript, checkScript, tomorrowTenIst, type CallScript } from "./scripted-calls";
import {
  dashboardLogin,
  tailAdminFeed,
  watchLiveStream,
  type LiveState,
  type SeenFeedEntry,
} from "./watchers";

export const ORIGIN = "http://localhost:5173";
const SECRET = "load-test-secret-0123456789-0123456789-abcdef";
const ADMIN_TOKEN = "load-test-admin-token-0123456789";

export interface LoadOptions {
  calls: number;
  seed: number;
  /** A visitor's pause before speaking again, ms (min, max). */
  pauseMs: [number, number];
  /** The device's think time between turn_started and turn_ended, ms (min, max). */
  thinkMs: [number, number];
  /** Calls start spread over this window, ms. */
  startSpreadMs: number;
  /** When the burst fires, ms after the first call starts. */
  burstAtMs: number;
  /** Scripted provider failures before recovery (HTTP 500). */
  providerFailures: { sms: number; email: number };
}

export const DEFAULT_LOAD: LoadOptions = {
  calls: 50,
  seed: 20251005,
  pauseMs: [1200, 2600],
  thinkMs: [400, 1200],
  startSpreadMs: 3000,
  burstAtMs: 5000,
  providerFailures: { sms: 4, email: 3 },
};

export interface RequestRecord {
  kind: string;
  status: number;
  ms: number;
  retries: number;
  burst: boolean;
}

export interface CallRecord {
  script: CallScript;
  sessionId: string;
  events: CallEvent[];
  /** turnId → when the relay acknowledged its turn_ended (performance.now()). */
  turnAcks: Map<string, number>;
  actions: { key: string; type: string; actionId: string; duplicateOnRetry?: boolean }[];
  stored: number;
  duplicates: number;
  ended: number;
}

export interface LoadResult {
  options: LoadOptions;
  calls: CallRecord[];
  requests: RequestRecord[];
  failures: string[];
  feed: SeenFeedEntry[];
  feedErrors: number;
  live: { at: number; state: LiveState }[];
  /** ms from the last call_ended acknowledgement to a live state showing no active call. */
  liveSettleMs: number | null;
  /** ms from the last action to every outbox row being sent or (voice) scheduled. */
  outboxDrainMs: number | null;
  usage: (ProcessUsage & { t: number })[];
  loadWindow: { start: number; end: number };
  fake: Pick<FakeProviders, "messages" | "emails" | "calls" | "hits">;
  databaseFile: string;
  relayLogs: string[];
  relayExit: number | null;
  cleanup(): void;
}

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoad(options: LoadOptions = DEFAULT_LOAD): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-load-"));
  const databaseFile = path.join(dir, "relay.db");
  // The TechCorp config exactly as shipped, default limits included: each scripted visitor has its
  // own address, forwarded by a trusted proxy (PARLEY_TRUST_PROXY=1), as behind a load balancer.
  const configFile = path.join(REPO_ROOT, "examples/techcorp/parley.config.json");
  const fake = await startFakeProviders();
  fake.failNext("twilio.messages", options.providerFailures.sms, 500);
  fake.failNext("resend.emails", options.providerFailures.email, 500);
  const relay = await startRelayProcess({
    PARLEY_CONFIG: configFile,
    DATABASE_URL: process.env.PARLEY_LOAD_DB ?? `file:${databaseFile}`,
    PARLEY_SECRET: SECRET,
    PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
    PARLEY_PUBLIC_URL: "http://127.0.0.1:1",
    PARLEY_TRUST_PROXY: "1",
    PARLEY_OUTBOX_BACKOFF_MS: "200",
    PARLEY_OUTBOX_POLL_MS: "100",
    ...(process.env.PARLEY_LOAD_ACCESS_LOG === "1" ? { PARLEY_ACCESS_LOG: "1" } : {}),
    TWILIO_ACCOUNT_SID: FAKE_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO.authToken,
    PARLEY_TWILIO_BASE_URL: fake.url,
    RESEND_API_KEY: FAKE_RESEND.apiKey,
    RESEND_BASE_URL: fake.url,
  });
  const requests: RequestRecord[] = [];
  const failures: string[] = [];

  /** One HTTP call the way the widget's relay client makes it: retry transient failures with backoff. */
  async function call(
    kind: string,
    urlPath: string,
    init: RequestInit & { ip?: string },
    burst = false,
  ): Promise<{ status: number; body: unknown }> {
    const headers = new Headers(init.headers);
    if (init.ip) headers.set("x-forwarded-for", init.ip);
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let body: unknown;
      try {
        const res = await fetch(relay.url + urlPath, { ...init, headers });
        status = res.status;
        const text = await res.text();
        body = text ? JSON.parse(text) : null;
      } catch (error) {
        body = { error: { message: (error as Error).message, retryable: true } };
      }
      const retryable =
        status === 0 ||
        (status >= 500 &&
          (body as { error?: { retryable?: boolean } })?.error?.retryable !== false);
      if (retryable && attempt < 5) {
        await sleep(100 * 2 ** attempt);
        continue;
      }
      requests.push({ kind, status, ms: performance.now() - started, retries: attempt, burst });
      if (status < 200 || status >= 300)
        failures.push(`${kind} ${urlPath} → ${status} ${JSON.stringify(body).slice(0, 300)}`);
      return { status, body };
    }
  }

  // The site owner publishes the knowledge index (refund policy, PDF catalog) before any call.
  const { files, manifest } = knowledgeUpload();
  for (const [p, bytes] of [
    ...Object.entries(files),
    ["manifest.json", Buffer.from(JSON.stringify(manifest))] as const,
  ]) {
    const res = await fetch(`${relay.url}/v1/sites/techcorp/knowledge/${p}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: new Uint8Array(bytes),
    });
    if (res.status !== 201)
      throw new Error(`knowledge upload ${p}: ${res.status} ${await res.text()}`);
  }

  const cookie = await dashboardLogin(relay.url, ADMIN_TOKEN);
  const live = watchLiveStream(relay.url, cookie);
  await live.opened;
  const feed = tailAdminFeed(relay.url, ADMIN_TOKEN);
  const usage = sampleUsage(relay.pid);

  const random = prng(options.seed);
  const between = ([lo, hi]: [number, number]) => lo + random() * (hi - lo);
  const callbackTime = tomorrowTenIst();
  const records: CallRecord[] = [];
  const burstHooks: (() => Promise<void>)[] = [];
  const loadStart = performance.now();

  async function runCall(
    script: CallScript,
    plan: { start: number; pauses: number[]; thinks: number[] },
  ): Promise<void> {
    checkScript(script);
    await sleep(plan.start);
    const opened = await call("open_session", "/v1/sessions", {
      method: "POST",
      ip: script.ip,
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({
        siteId: "techcorp",
        visitorId: `load-visitor-${script.index}`,
        mode: "lite",
      }),
    });
    if (opened.status !== 201) return;
    const { sessionId, token } = opened.body as { sessionId: string; token: string };
    const record: CallRecord = {
      script,
      sessionId,
      events: [],
      turnAcks: new Map(),
      actions: [],
      stored: 0,
      duplicates: 0,
      ended: 0,
    };
    records.push(record);
    const authed = (extra: Record<string, string> = {}) => ({
      origin: ORIGIN,
      authorization: `Bearer ${token}`,
      ...extra,
    });
    let seq = 0;
    let lastBatch: CallEvent[] = [];
    let lastAction: { request: Record<string, unknown>; actionId: string } | undefined;
    const post = async (events: CallEvent[]) => {
      lastBatch = events;
      record.events.push(...events);
      const r = await call("events", `/v1/sessions/${sessionId}/events`, {
        method: "POST",
        ip: script.ip,
        headers: authed({ "content-type": "application/json" }),
        body: JSON.stringify({ events }),
      });
      const b = r.body as { stored?: number; duplicates?: number };
      record.stored += b?.stored ?? 0;
      record.duplicates += b?.duplicates ?? 0;
      return r;
    };
    burstHooks.push(async () => {
      const jobs: Promise<unknown>[] = [];
      if (lastBatch.length)
        // sendBeacon: text/plain, the token in the body, no Authorization header.
        jobs.push(
          call(
            "beacon_replay",
            `/v1/sessions/${sessionId}/events`,
            {
              method: "POST",
              ip: script.ip,
              headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN },
              body: JSON.stringify({ token, events: lastBatch }),
            },
            true,
          ).then((r) => {
            const b = r.body as { stored?: number; duplicates?: number };
            record.stored += b?.stored ?? 0;
            record.duplicates += b?.duplicates ?? 0;
          }),
        );
      if (lastAction) {
        const { request, actionId } = lastAction;
        jobs.push(
          call(
            "action_retry",
            "/v1/actions",
            {
              method: "POST",
              ip: script.ip,
              headers: authed({ "content-type": "application/json" }),
              body: JSON.stringify(request),
            },
            true,
          ).then((r) => {
            const b = r.body as { actionId?: string; duplicate?: boolean };
            const a = record.actions.find((x) => x.actionId === actionId);
            if (a) a.duplicateOnRetry = b?.duplicate === true && b.actionId === actionId;
          }),
        );
        jobs.push(
          call(
            "action_status",
            `/v1/actions/${actionId}`,
            { method: "GET", ip: script.ip, headers: authed() },
            true,
          ),
        );
      }
      jobs.push(
        call(
          "order_lookup",
          "/v1/orders/ORD98765",
          { method: "GET", ip: script.ip, headers: authed() },
          true,
        ),
      );
      await Promise.all(jobs);
    });

    const now = () => Date.now();
    const first: CallEvent[] = [
      { type: "call_started", seq: seq++, at: now(), mode: "lite", page: "/support.html" },
    ];
    if (script.greeting) {
      await sleep(2000); // the proactive greeting after 2 s of silence
      first.push({
        type: "agent_said",
        seq: seq++,
        at: now(),
        text: "Hello, I'm the AI support agent of TechCorp. How can I help you today, sir?",
        reason: "greeting",
      });
    }
    await post(first);
    for (const [t, turn] of script.turns.entries()) {
      await sleep(plan.pauses[t]!);
      const turnId = `${sessionId}-t${t}`;
      await post([{ type: "turn_started", seq: seq++, at: now(), turnId }]);
      await sleep(plan.thinks[t]!);
      if (turn.lookupOrder)
        await call("order_lookup", `/v1/orders/${turn.lookupOrder}`, {
          method: "GET",
          ip: script.ip,
          headers: authed(),
        });
      const batch: CallEvent[] = [
        {
          type: "turn_ended",
          seq: seq++,
          at: now(),
          turnId,
          user_text: turn.user,
          agent_text: turn.agent,
          intent: turn.intent,
          stage: turn.stage,
          status: turn.status,
          used_knowledge: turn.usedKnowledge ?? false,
          retrieved_docs: turn.usedKnowledge ? 3 : 0,
          top_score: turn.usedKnowledge ? 0.82 : 0.31,
          missing_info: turn.missing ?? [],
          sentiment: turn.sentiment,
          pending_actions: (turn.actions ?? []).map((a) => a.type),
          timings: {
            stt_ms: 700,
            retrieval_ms: 40,
            brain_ms: 300,
            tts_first_audio_ms: 150,
            voice_to_voice_ms: plan.thinks[t]!,
          },
          brain: "lite",
        },
      ];
      if (turn.lead) batch.push({ type: "lead_updated", seq: seq++, at: now(), lead: turn.lead });
      const r = await post(batch);
      if (r.status === 200) record.turnAcks.set(turnId, performance.now());
      for (const [k, action] of (turn.actions ?? []).entries()) {
        const request = { ...action, idempotencyKey: `${sessionId}.t${t}.a${k}` };
        const a = await call(`action_${action.type}`, "/v1/actions", {
          method: "POST",
          ip: script.ip,
          headers: authed({ "content-type": "application/json" }),
          body: JSON.stringify(request),
        });
        const b = a.body as { actionId?: string };
        if (a.status === 202 && b?.actionId) {
          record.actions.push({
            key: request.idempotencyKey,
            type: action.type,
            actionId: b.actionId,
          });
          lastAction = { request, actionId: b.actionId };
        }
      }
    }
    await post([{ type: "call_ended", seq, at: now(), reason: script.endReason }]);
    record.ended = performance.now();
  }

  const scripts = Array.from({ length: options.calls }, (_, i) => buildScript(i, callbackTime));
  const plans = scripts.map((s) => ({
    start: random() * options.startSpreadMs,
    pauses: s.turns.map(() => between(options.pauseMs)),
    thinks: s.turns.map(() => between(options.thinkMs)),
  }));
  const burst = (async () => {
    await sleep(options.burstAtMs);
    await Promise.all(burstHooks.map((h) => h()));
  })();
  await Promise.all([...scripts.map((s, i) => runCall(s, plans[i]!)), burst]);
  const loadEnd = performance.now();

  // The dashboard settles: no active call left on the live view.
  const lastEnd = Math.max(...records.map((r) => r.ended));
  let liveSettleMs: number | null = null;
  try {
    liveSettleMs =
      (await live.until((s) => s.active.length === 0 && s.recent.length > 0, 10_000, lastEnd)) -
      lastEnd;
  } catch (error) {
    failures.push((error as Error).message);
  }

  // The outbox drains: every row sent (voice callbacks stay queued until tomorrow 10 AM).
  let outboxDrainMs: number | null = null;
  const drainStart = performance.now();
  while (performance.now() - drainStart < 15_000) {
    const res = await fetch(`${relay.url}/v1/admin/sites/techcorp/outbox`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const rows =
      ((await res.json()) as { outbox?: { status: string; channel: string }[] }).outbox ?? [];
    if (
      rows.length > 0 &&
      rows.every((r) => (r.channel === "voice" ? r.status === "queued" : r.status === "sent"))
    ) {
      outboxDrainMs = performance.now() - loadEnd;
      break;
    }
    await sleep(100);
  }
  await sleep(300); // one more feed poll after the last write
  const samples = usage.stop();
  await feed.stop();
  await live.stop();
  const relayExit = await relay.stop();
  await fake.close();
  return {
    options,
    calls: records,
    requests,
    failures,
    feed: feed.entries,
    feedErrors: feed.errors,
    live: live.states,
    liveSettleMs,
    outboxDrainMs,
    usage: samples,
    loadWindow: { start: loadStart, end: loadEnd },
    fake: { messages: fake.messages, emails: fake.emails, calls: fake.calls, hits: fake.hits },
    databaseFile,
    relayLogs: relay.logs,
    relayExit,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
