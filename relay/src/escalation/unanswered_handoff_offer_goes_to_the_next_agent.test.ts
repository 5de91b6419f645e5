/**
 * "Ring, no answer": agents listed in the config start "available" whether or not anyone has a
 * console open. An offer nobody accepts within `handoffOfferTimeoutMs` goes to the next agent who
 * fits, and the agent who let it ring out is set away. Real relay over libSQL, the relay's own
 * clock moved forward (no sleeping), the sweep run by hand (`offers.sweepOnce()`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { SiteConfig } from "@parley/protocol";
import {
  DashboardClient,
  TEST_ADMIN_TOKEN,
  TEST_SECRET,
  openVisitorSession,
  techcorp,
  visitorFetch,
} from "../dashboard/test-support";
import { latestEscalationOf } from "./handoff-messages";
import { agents, escalations, liveFeed } from "../db/schema";
import { createWriteLock, type WriteLock } from "../db/write-lock";
import { readFeed } from "../feed";
import { silentLogger } from "../log";
import { createRelay, type Relay } from "../relay";
import { withdrawUnansweredOffers } from "./offer-timeout";

const TIMEOUT_MS = 60_000;
const START = 1_750_000_000_000;

/** TechCorp with a second technical agent (Meera), and Ravi, technical too, who starts away. */
function site(): SiteConfig {
  const base = techcorp();
  return {
    ...base,
    agents: [
      ...base.agents,
      { id: "agent_51", name: "Meera", expertise: ["technical"], status: "available" },
      { id: "agent_63", name: "Ravi", expertise: ["technical"], status: "away" },
    ],
  };
}

const relays: Relay[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startRelay(
  clock: { t: number },
  databaseUrl = ":memory:",
  timeoutMs = TIMEOUT_MS,
  writeLock?: WriteLock,
) {
  const relay = await createRelay({
    sites: [site()],
    databaseUrl,
    ...(writeLock ? { writeLock } : {}),
    options: {
      secret: TEST_SECRET,
      adminToken: TEST_ADMIN_TOKEN,
      handoffOfferTimeoutMs: timeoutMs,
    },
    log: silentLogger,
    worker: false,
    offerSweep: false,
    now: () => clock.t,
  });
  relays.push(relay);
  return relay;
}

async function agentClient(relay: Relay, admin: DashboardClient, agentId: string, name: string) {
  const username = name.toLowerCase();
  await admin.json("POST", "/dashboard/api/users", {
    username,
    displayName: name,
    password: `${username}-password-1`,
    role: "agent",
    agentId,
  });
  const client = new DashboardClient(relay);
  await client.login(username, `${username}-password-1`);
  return client;
}

async function escalate(relay: Relay, key: string) {
  const visitor = await openVisitorSession(relay);
  const res = await visitorFetch(relay, visitor.token, "/v1/actions", {
    method: "POST",
    body: {
      type: "escalate_to_human",
      idempotencyKey: key,
      params: {
        category: "technical",
        urgency: "medium",
        handoff: {
          customer: "user_123",
          conversation_history: [{ speaker: "visitor", text: "Does the API support webhooks?" }],
          query: "webhooks",
          customer_data: { name: "Jane Doe" },
          ai_attempted: true,
          reason: "Technical query outside knowledge base",
        },
      },
    },
  });
  expect(res.status).toBe(202);
  const esc = await relay.store.read((db) => latestEscalationOf(db, visitor.sessionId));
  return { visitor, escalationId: esc!.id, agentId: esc!.agentId };
}

const escalationRow = (relay: Relay, id: string) =>
  relay.store
    .read((db) => db.select().from(escalations).where(eq(escalations.id, id)))
    .then((rows) => rows[0]!);

const statusOf = (relay: Relay, agentId: string) =>
  relay.store
    .read((db) => db.select().from(agents).where(eq(agents.id, agentId)))
    .then((rows) => rows[0]!.status);

const feedCursor = (relay: Relay) =>
  relay.store.read(async (db) => {
    const rows = await db.select({ id: liveFeed.id }).from(liveFeed);
    return rows.reduce((m, r) => Math.max(m, r.id), 0);
  });

it("an offer nobody accepts within the timeout goes to the next technical agent; the first is set away", async () => {
  const clock = { t: START };
  const relay = await startRelay(clock);
  const admin = new DashboardClient(relay);
  await admin.bootstrap();
  const john = await agentClient(relay, admin, "agent_45", "John");
  const meera = await agentClient(relay, admin, "agent_51", "Meera");

  const { visitor, escalationId, agentId } = await escalate(relay, "ring-no-answer-1");
  expect(agentId).toBe("agent_45");
  const before = await feedCursor(relay);

  // Still ringing just before the timeout: nothing moves.
  clock.t = START + TIMEOUT_MS - 1_000;
  await relay.offers.sweepOnce();
  expect(await escalationRow(relay, escalationId)).toMatchObject({
    state: "assigned",
    agentId: "agent_45",
  });
  expect(await statusOf(relay, "agent_45")).toBe("busy");
  expect(await statusOf(relay, "agent_51")).toBe("available");
  expect(await feedCursor(relay)).toBe(before);

  // Past the timeout: taken back from John (away) and offered to Meera (busy).
  clock.t = START + TIMEOUT_MS + 5_000;
  await relay.offers.sweepOnce();
  expect(await escalationRow(relay, escalationId)).toMatchObject({
    state: "assigned",
    agentId: "agent_51",
    updatedAt: clock.t,
  });
  expect(await statusOf(relay, "agent_45")).toBe("away");
  expect(await statusOf(relay, "agent_51")).toBe("busy");
  const feed = await readFeed(relay.store, { afterId: before });
  expect(feed.map((e) => [e.topic, e.entityId, e.data])).toEqual([
    [
      "escalation.updated",
      escalationId,
      {
        state: "queued",
        sessionId: visitor.sessionId,
        reason: "offer_timeout",
        unansweredBy: "agent_45",
      },
    ],
    ["agent.updated", "agent_45", { status: "away", reason: "offer_timeout" }],
    [
      "escalation.created",
      escalationId,
      {
        state: "assigned",
        agentId: "agent_51",
        agent: "Meera",
        category: "technical",
        sessionId: visitor.sessionId,
      },
    ],
  ]);
  // Both consoles see it: Meera has the offer, John has nothing and is away.
  const meeraState = await meera.json<{ mine: { id: string; state: string }[] }>(
    "GET",
    "/dashboard/api/agent/state",
  );
  expect(meeraState.mine).toEqual([
    expect.objectContaining({ id: escalationId, state: "assigned" }),
  ]);
  const johnState = await john.json<{ agent: { status: string }; mine: unknown[] }>(
    "GET",
    "/dashboard/api/agent/state",
  );
  expect(johnState.agent.status).toBe("away");
  expect(johnState.mine).toEqual([]);
  // The visitor is still waiting for a person, now Meera.
  const seen = (await (await visitorFetch(relay, visitor.token, "/v1/handoff")).json()) as {
    escalation: { state: string; agentName: string | null };
  };
  expect(seen.escalation).toMatchObject({ state: "assigned", agentName: "Meera" });

  // John's late accept is refused and changes nothing.
  const afterSweep = await feedCursor(relay);
  const late = await john.call("POST", `/dashboard/api/agent/escalations/${escalationId}/accept`);
  expect(late.status).toBe(409);
  expect(((await late.json()) as { error: { code: string } }).error.code).toBe("not_yours");
  expect(await escalationRow(relay, escalationId)).toMatchObject({
    state: "assigned",
    agentId: "agent_51",
  });
  expect(await statusOf(relay, "agent_45")).toBe("away");
  expect(await feedCursor(relay)).toBe(afterSweep);

  // Meera lets it ring out too. Nobody else who fits is available: it waits in the queue.
  clock.t += TIMEOUT_MS + 1_000;
  await relay.offers.sweepOnce();
  expect(await escalationRow(relay, escalationId)).toMatchObject({
    state: "queued",
    agentId: null,
  });
  expect(await statusOf(relay, "agent_51")).toBe("away");
  // Billing and delivery agents (general too) do not take a technical call while technical
  // agents exist.
  expect(await statusOf(relay, "agent_12")).toBe("available");
  expect(await statusOf(relay, "agent_27")).toBe("available");
  // A queued call is not an offer: later sweeps leave it alone.
  const queuedAt = await feedCursor(relay);
  clock.t += 10 * TIMEOUT_MS;
  await relay.offers.sweepOnce();
  expect(await feedCursor(relay)).toBe(queuedAt);

  // John comes back to his console: the queued call is offered to him at once.
  const back = await john.json<{
    agent: { status: string };
    mine: { id: string; state: string }[];
  }>("PATCH", "/dashboard/api/agent/me", { status: "available" });
  expect(back.agent.status).toBe("busy");
  expect(back.mine).toEqual([expect.objectContaining({ id: escalationId, state: "assigned" })]);
  // This time he answers, within the (new) timeout.
  clock.t += TIMEOUT_MS - 1_000;
  await relay.offers.sweepOnce();
  const accepted = await john.json<{ escalation: { state: string; agentName: string } }>(
    "POST",
    `/dashboard/api/agent/escalations/${escalationId}/accept`,
  );
  expect(accepted.escalation).toMatchObject({ state: "accepted", agentName: "John" });
  // An accepted handoff is never taken back, however long it lasts.
  clock.t += 10 * TIMEOUT_MS;
  await relay.offers.sweepOnce();
  expect(await escalationRow(relay, escalationId)).toMatchObject({
    state: "accepted",
    agentId: "agent_45",
  });
  expect(await statusOf(relay, "agent_45")).toBe("busy");
});

it("with handoffOfferTimeoutMs 0 an offer rings until someone answers", async () => {
  const clock = { t: START };
  const relay = await startRelay(clock, ":memory:", 0);
  const { escalationId } = await escalate(relay, "ring-forever-1");
  clock.t += 24 * 60 * 60 * 1000;
  await relay.offers.sweepOnce();
  expect(await withdrawUnansweredOffers(relay.ctx)).toEqual([]);
  expect(await escalationRow(relay, escalationId)).toMatchObject({
    state: "assigned",
    agentId: "agent_45",
  });
});

it("two relays sweeping one database at once take each offer back once and assign it once", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-offers-"));
  dirs.push(dir);
  const url = `file:${path.join(dir, "relay.db")}`;
  const clock = { t: START };
  // Two connections to one file, each with its own transactions, as two relay processes have. In
  // one process they share a write lock the way the HTTP and outbox threads do (write-lock.ts):
  // without it SQLite's busy handler would freeze this thread while the other connection holds
  // the lock. Each sweep still reads on its own connection first, then writes in its own
  // BEGIN IMMEDIATE transaction, which is where the second must find nothing left to do.
  const lock = createWriteLock();
  const a = await startRelay(clock, url, TIMEOUT_MS, lock);
  const b = await startRelay(clock, url, TIMEOUT_MS, lock);

  // John and Meera are each offered a call (one through each relay); Ravi is away.
  const first = await escalate(a, "two-sweeps-1");
  clock.t += 1_000;
  const second = await escalate(b, "two-sweeps-2");
  expect([first.agentId, second.agentId]).toEqual(["agent_45", "agent_51"]);
  // Ravi comes online before the offers ring out (nothing is queued, so nothing is his yet).
  const ravi = await a.app.request("/v1/admin/agents/agent_63/status", {
    method: "PUT",
    headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ status: "available" }),
  });
  expect(ravi.status).toBe(200);
  const before = await feedCursor(a);

  clock.t += TIMEOUT_MS + 1_000;
  const [fromA, fromB] = await Promise.all([
    withdrawUnansweredOffers(a.ctx),
    withdrawUnansweredOffers(b.ctx),
  ]);
  // One sweep did it all; the other found nothing left to take back.
  const all = [...fromA, ...fromB];
  expect(all.map((w) => w.escalationId).sort()).toEqual(
    [first.escalationId, second.escalationId].sort(),
  );
  expect(fromA.length === 0 || fromB.length === 0).toBe(true);
  // Both ringing agents are away; Ravi got the older call, the other one waits.
  expect(await statusOf(b, "agent_45")).toBe("away");
  expect(await statusOf(b, "agent_51")).toBe("away");
  expect(await statusOf(b, "agent_63")).toBe("busy");
  expect(await escalationRow(b, first.escalationId)).toMatchObject({
    state: "assigned",
    agentId: "agent_63",
  });
  expect(await escalationRow(b, second.escalationId)).toMatchObject({
    state: "queued",
    agentId: null,
  });
  expect(all.find((w) => w.escalationId === first.escalationId)).toMatchObject({
    fromAgentId: "agent_45",
    toAgentId: "agent_63",
  });
  const feed = await readFeed(b.store, { afterId: before });
  const requeued = feed.filter(
    (e) =>
      e.topic === "escalation.updated" &&
      (e.data as { reason?: string }).reason === "offer_timeout",
  );
  expect(requeued.map((e) => e.entityId).sort()).toEqual(
    [first.escalationId, second.escalationId].sort(),
  );
  const offered = feed.filter((e) => e.topic === "escalation.created");
  expect(offered.map((e) => [e.entityId, (e.data as { agentId: string }).agentId])).toEqual([
    [first.escalationId, "agent_63"],
  ]);

  // Ravi lets his offer ring out as well; both relays sweep at the same moment:
  // taken back once (one requeue, Ravi away once), and nobody is left to offer it to.
  clock.t += TIMEOUT_MS + 1_000;
  const settled = await feedCursor(a);
  await Promise.all([a.offers.sweepOnce(), b.offers.sweepOnce()]);
  const last = await readFeed(a.store, { afterId: settled });
  expect(last.map((e) => [e.topic, e.entityId])).toEqual([
    ["escalation.updated", first.escalationId],
    ["agent.updated", "agent_63"],
  ]);
  expect(await escalationRow(a, first.escalationId)).toMatchObject({
    state: "queued",
    agentId: null,
  });
  expect(await statusOf(a, "agent_63")).toBe("away");
});
