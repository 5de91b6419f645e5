import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { leads, sessions, tickets } from "../db/schema";
import type { Relay } from "../relay";
import {
  DashboardClient,
  openVisitorSession,
  testRelay,
  visitorFetch,
} from "../dashboard/test-support";

let relay: Relay;
beforeEach(async () => {
  relay = await testRelay();
});
afterEach(async () => {
  await relay.close();
});

const handoff = {
  customer: "user_123",
  conversation_history: [
    { speaker: "visitor", text: "Do you have integration with Salesforce API v2.0?" },
    { speaker: "agent", text: "Let me connect you with one of our technical specialists." },
  ],
  query: "Salesforce API v2.0 integration",
  customer_data: { name: "Jane Doe", company: "Acme Corp", phone: "+919876543210" },
  ai_attempted: true,
  reason: "Technical query outside knowledge base",
};

it("routes a technical escalation to the technical agent, who accepts, chats and ends it with a resolution", async () => {
  const admin = new DashboardClient(relay);
  await admin.bootstrap();
  await admin.json("POST", "/dashboard/api/users", {
    username: "john",
    displayName: "John",
    password: "john-password-1",
    role: "agent",
    agentId: "agent_45",
  });
  const agent = new DashboardClient(relay);
  await agent.login("john", "john-password-1");

  const visitor = await openVisitorSession(relay);
  // Before any escalation the visitor side sees nothing.
  const none = await (await visitorFetch(relay, visitor.token, "/v1/handoff")).json();
  expect(none).toEqual({ escalation: null, messages: [] });
  const escalate = await visitorFetch(relay, visitor.token, "/v1/actions", {
    method: "POST",
    body: {
      type: "escalate_to_human",
      idempotencyKey: "escalate-1-abcdef",
      params: { category: "technical", urgency: "medium", handoff },
    },
  });
  expect(escalate.status).toBe(202);

  const state = await agent.json<{
    mine: { id: string; state: string; handoff: typeof handoff }[];
  }>("GET", "/dashboard/api/agent/state");
  expect(state.mine).toHaveLength(1);
  const esc = state.mine[0]!;
  expect(esc.state).toBe("assigned");
  expect(esc.handoff).toEqual(handoff);

  // Nobody may talk before the agent accepts.
  const early = await visitorFetch(relay, visitor.token, "/v1/handoff/messages", {
    method: "POST",
    body: { kind: "chat", payload: { text: "hello?" } },
  });
  expect(early.status).toBe(409);

  await agent.json("POST", `/dashboard/api/agent/escalations/${esc.id}/accept`, {});
  const seen = (await (await visitorFetch(relay, visitor.token, "/v1/handoff?after=0")).json()) as {
    escalation: { state: string; agentName: string };
    messages: { kind: string; payload: { text?: string } }[];
  };
  expect(seen.escalation).toMatchObject({ state: "accepted", agentName: "John" });
  expect(seen.messages[0]).toMatchObject({ kind: "accepted" });
  expect(seen.messages[0]!.payload.text).toMatch(/connected to John/);

  const fromVisitor = await visitorFetch(relay, visitor.token, "/v1/handoff/messages", {
    method: "POST",
    body: { kind: "chat", payload: { text: "Do you support v2.0?" } },
  });
  expect(fromVisitor.status).toBe(201);
  await agent.json("POST", `/dashboard/api/agent/escalations/${esc.id}/messages`, {
    kind: "chat",
    payload: { text: "Yes, we do support v2.0." },
  });
  const bad = await agent.call("POST", `/dashboard/api/agent/escalations/${esc.id}/messages`, {
    kind: "chat",
    payload: { text: "" },
  });
  expect(bad.status).toBe(400);

  const ended = await agent.json<{ ticketNumber: string }>(
    "POST",
    `/dashboard/api/agent/escalations/${esc.id}/end`,
    {
      resolution: "Confirmed Salesforce API v2.0 support; sent setup guide",
    },
  );
  expect(ended.ticketNumber).toMatch(/^#\d+$/);

  const [ticket] = await relay.store.read((db) =>
    db.select().from(tickets).where(eq(tickets.number, ended.ticketNumber)),
  );
  expect(ticket).toMatchObject({
    status: "resolved",
    resolution: "Confirmed Salesforce API v2.0 support; sent setup guide",
    issueType: "technical",
  });
  const [session] = await relay.store.read((db) =>
    db.select().from(sessions).where(eq(sessions.id, visitor.sessionId)),
  );
  const [lead] = await relay.store.read((db) =>
    db.select().from(leads).where(eq(leads.id, session!.leadId)),
  );
  expect(lead!.lastIssue).toMatch(/^technical_resolved: Confirmed Salesforce/);
  expect(lead!.leadStatus).toBe("contacted");

  // The transcript continues in the call record: both chat lines, in order.
  const call = await admin.json<{ transcript: { speaker: string; text: string | null }[] }>(
    "GET",
    `/dashboard/api/calls/${visitor.sessionId}`,
  );
  const chat = call.transcript
    .filter((m) => m.speaker === "visitor" || m.speaker === "human_agent")
    .map((m) => `${m.speaker}: ${m.text}`);
  expect(chat).toEqual(["visitor: Do you support v2.0?", "human_agent: Yes, we do support v2.0."]);

  // The agent is free again, and a second end is refused.
  const after = await agent.json<{ agent: { status: string } }>(
    "GET",
    "/dashboard/api/agent/state",
  );
  expect(after.agent.status).toBe("available");
  expect(
    (
      await agent.call("POST", `/dashboard/api/agent/escalations/${esc.id}/end`, {
        resolution: "again",
      })
    ).status,
  ).toBe(409);
});

it("does not let another visitor or another agent into the handoff", async () => {
  const admin = new DashboardClient(relay);
  await admin.bootstrap();
  await admin.json("POST", "/dashboard/api/users", {
    username: "priya",
    displayName: "Priya",
    password: "priya-password-1",
    role: "agent",
    agentId: "agent_12",
  });
  const other = new DashboardClient(relay);
  await other.login("priya", "priya-password-1");
  const visitor = await openVisitorSession(relay);
  const stranger = await openVisitorSession(relay);
  await visitorFetch(relay, visitor.token, "/v1/actions", {
    method: "POST",
    body: {
      type: "escalate_to_human",
      idempotencyKey: "escalate-2-abcdef",
      params: { category: "technical", handoff },
    },
  });
  const state = await admin.json<{
    queue: { id: string }[];
    active: { escalation: { id: string; state: string } | null }[];
  }>("GET", "/dashboard/api/calls?range=hour");
  void state;
  const { mine } = await other.json<{ mine: unknown[] }>("GET", "/dashboard/api/agent/state");
  expect(mine).toHaveLength(0);
  const strangerView = await (await visitorFetch(relay, stranger.token, "/v1/handoff")).json();
  expect(strangerView).toEqual({ escalation: null, messages: [] });
});
