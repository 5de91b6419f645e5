import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agents, escalations, leads, sessions, tickets } from "../db/schema";
import type { Relay } from "../relay";
import {
  DashboardClient,
  openVisitorSession,
  testRelay,
  visitorFetch,
} from "../dashboard/test-support";

let relay: Relay;
let agent: DashboardClient;
beforeEach(async () => {
  relay = await testRelay();
  const admin = new DashboardClient(relay);
  await admin.bootstrap();
  await admin.json("POST", "/dashboard/api/users", {
    username: "john",
    displayName: "John",
    password: "john-password-1",
    role: "agent",
    agentId: "agent_45",
  });
  agent = new DashboardClient(relay);
  await agent.login("john", "john-password-1");
});
afterEach(async () => {
  await relay.close();
});

const handoff = {
  customer: "user_123",
  conversation_history: [{ speaker: "visitor", text: "Salesforce API v2.0?" }],
  query: "Salesforce API v2.0 integration",
  customer_data: {},
  ai_attempted: true,
  reason: "Technical query outside knowledge base",
};

async function escalated(key: string) {
  const visitor = await openVisitorSession(relay);
  const res = await visitorFetch(relay, visitor.token, "/v1/actions", {
    method: "POST",
    body: {
      type: "escalate_to_human",
      idempotencyKey: key,
      params: { category: "technical", handoff },
    },
  });
  expect(res.status).toBe(202);
  const [esc] = await relay.store.read((db) =>
    db.select().from(escalations).where(eq(escalations.sessionId, visitor.sessionId)),
  );
  return { visitor, esc: esc! };
}

const johnStatus = () =>
  relay.store
    .read((db) => db.select().from(agents).where(eq(agents.id, "agent_45")))
    .then((rows) => rows[0]!.status);

interface ConsoleState {
  mine: { id: string }[];
  withdrawn: { id: string; text: string }[];
  rtc: { iceServers: unknown[]; iceTransportPolicy: string };
}

it("closing the page while waiting (the beacon's call_ended) withdraws the offer with a reason and frees the agent", async () => {
  const { visitor, esc } = await escalated("withdraw-close-1");
  expect(esc).toMatchObject({ state: "assigned", agentId: "agent_45" });
  expect(await johnStatus()).toBe("busy");

  // What the widget's page-hide beacon sends: the token in the body, no headers.
  const beacon = await relay.app.request(`/v1/sessions/${visitor.sessionId}/events`, {
    method: "POST",
    headers: { "content-type": "text/plain;charset=UTF-8" },
    body: JSON.stringify({
      token: visitor.token,
      events: [{ seq: 0, type: "call_ended", at: Date.now(), reason: "abandoned" }],
    }),
  });
  expect(beacon.status).toBe(200);

  const [row] = await relay.store.read((db) =>
    db.select().from(escalations).where(eq(escalations.id, esc.id)),
  );
  expect(row!.state).toBe("withdrawn");
  expect(await johnStatus()).toBe("available");
  const state = await agent.json<ConsoleState>("GET", "/dashboard/api/agent/state");
  expect(state.mine).toEqual([]);
  expect(state.withdrawn).toEqual([
    expect.objectContaining({ id: esc.id, text: "The visitor hung up." }),
  ]);
  // The visitor side reads the same, and the offer can no longer be accepted.
  const seen = (await (await visitorFetch(relay, visitor.token, "/v1/handoff")).json()) as {
    escalation: { state: string };
    messages: { kind: string; payload: { reason: string } }[];
  };
  expect(seen.escalation.state).toBe("withdrawn");
  expect(seen.messages.at(-1)).toMatchObject({ kind: "withdrawn", payload: { reason: "hung_up" } });
  const late = await agent.call("POST", `/dashboard/api/agent/escalations/${esc.id}/accept`, {});
  expect(late.status).toBe(409);
});

it("going back to the AI withdraws once: no ticket, the lead no longer waits for a human, the call goes on", async () => {
  const { visitor, esc } = await escalated("withdraw-back-1");
  const first = await visitorFetch(relay, visitor.token, "/v1/handoff/withdraw", {
    method: "POST",
    body: { reason: "back_to_ai" },
  });
  expect(await first.json()).toEqual({ withdrawn: true });
  const again = await visitorFetch(relay, visitor.token, "/v1/handoff/withdraw", {
    method: "POST",
    body: { reason: "hung_up" },
  });
  expect(await again.json()).toEqual({ withdrawn: false });
  const bad = await visitorFetch(relay, visitor.token, "/v1/handoff/withdraw", {
    method: "POST",
    body: { reason: "bored" },
  });
  expect(bad.status).toBe(400);

  const [session] = await relay.store.read((db) =>
    db.select().from(sessions).where(eq(sessions.id, visitor.sessionId)),
  );
  expect(session!.status).toBe("active");
  const [lead] = await relay.store.read((db) =>
    db.select().from(leads).where(eq(leads.id, session!.leadId)),
  );
  expect(lead!.pendingAction).toBeNull();
  expect(await relay.store.read((db) => db.select().from(tickets))).toEqual([]);
  const state = await agent.json<ConsoleState>("GET", "/dashboard/api/agent/state");
  expect(state.withdrawn[0]).toMatchObject({
    id: esc.id,
    text: "The visitor went back to the AI assistant.",
  });
  expect(state.rtc).toEqual({ iceServers: [], iceTransportPolicy: "all" });
  expect(await johnStatus()).toBe("available");
});

it("a visitor with no handoff cannot withdraw one", async () => {
  const visitor = await openVisitorSession(relay);
  const res = await visitorFetch(relay, visitor.token, "/v1/handoff/withdraw", {
    method: "POST",
    body: { reason: "back_to_ai" },
  });
  expect(res.status).toBe(409);
});
