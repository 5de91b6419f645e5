/**
 * The warm handoff after routing: the agent accepts (the visitor is told they are being
 * connected), both sides exchange WebRTC signalling and chat through `handoff_messages`, and the
 * agent ends it with a resolution that updates the ticket (or opens one) and the lead. Chat lines
 * also go into the call's conversation log, so the transcript continues in the call record.
 */
import { and, desc, eq, gt, asc, inArray } from "drizzle-orm";
import { z } from "zod";
import { TicketStatus } from "@parley/protocol";
import { agents, escalations, leads, messages, sessions, tickets } from "../db/schema";
import { handoffMessages } from "../db/schema-dashboard";
import type { Db, Tx } from "../db/store";
import { FIRST_TICKET_NUMBER } from "../actions/ticket-actions";
import { assignQueued } from "../escalation/assign-agent";
import { conflict, forbidden, notFound } from "../http/errors";
import { consume, MINUTE } from "../rate-limit";
import type { RelayContext } from "../context";
import { publishChange } from "./publish";

export const Sender = z.enum(["visitor", "agent"]);
export type Sender = z.infer<typeof Sender>;

const sdp = z.strictObject({ type: z.enum(["offer", "answer"]), sdp: z.string().max(20_000) });
/** What either side may post; everything else (accepted, ended, connecting) only the relay writes. */
export const PeerMessage = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("offer"), payload: sdp }),
  z.strictObject({ kind: z.literal("answer"), payload: sdp }),
  z.strictObject({
    kind: z.literal("candidate"),
    payload: z.strictObject({
      candidate: z.string().max(2000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.strictObject({
    kind: z.literal("chat"),
    payload: z.strictObject({ text: z.string().trim().min(1).max(2000) }),
  }),
  z.strictObject({
    kind: z.literal("rtc_unavailable"),
    payload: z.strictObject({ reason: z.string().max(200) }),
  }),
  z.strictObject({ kind: z.literal("rtc_connected"), payload: z.strictObject({}) }),
]);
export type PeerMessage = z.infer<typeof PeerMessage>;

export const EndHandoff = z.strictObject({
  resolution: z.string().trim().min(1).max(1000),
  ticketStatus: TicketStatus.default("resolved"),
});
export type EndHandoff = z.infer<typeof EndHandoff>;

type EscalationRow = typeof escalations.$inferSelect;

export interface HandoffView {
  id: string;
  sessionId: string;
  siteId: string;
  state: string;
  category: string;
  urgency: string | null;
  reason: string;
  agentId: string | null;
  agentName: string | null;
  handoff: unknown;
  createdAt: number;
  updatedAt: number;
}

export async function viewEscalations(db: Db | Tx, rows: EscalationRow[]): Promise<HandoffView[]> {
  const ids = [...new Set(rows.map((r) => r.agentId).filter((v): v is string => Boolean(v)))];
  const names = ids.length
    ? await db
        .select({ id: agents.id, name: agents.name })
        .from(agents)
        .where(inArray(agents.id, ids))
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.sessionId,
    siteId: r.siteId,
    state: r.state,
    category: r.category,
    urgency: r.urgency,
    reason: r.reason,
    agentId: r.agentId,
    agentName: r.agentId ? (nameOf.get(r.agentId) ?? null) : null,
    handoff: r.handoff,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

async function escalationOrThrow(tx: Tx | Db, id: string): Promise<EscalationRow> {
  const [row] = await tx.select().from(escalations).where(eq(escalations.id, id)).limit(1);
  if (!row) throw notFound("no such escalation", "escalation_not_found");
  return row;
}

async function insertHandoffMessage(
  tx: Tx,
  esc: EscalationRow,
  sender: "visitor" | "agent" | "system",
  kind: string,
  payload: Record<string, unknown>,
  at: number,
): Promise<number> {
  const [row] = await tx
    .insert(handoffMessages)
    .values({ escalationId: esc.id, sessionId: esc.sessionId, sender, kind, payload, at })
    .returning({ id: handoffMessages.id });
  return row!.id;
}

async function logLine(
  ctx: RelayContext,
  tx: Tx,
  esc: EscalationRow,
  speaker: string,
  text: string,
  at: number,
) {
  const keepText = ctx.sites.get(esc.siteId)?.transcriptLogging ?? true;
  await tx.insert(messages).values({
    sessionId: esc.sessionId,
    speaker,
    text: keepText ? text : null,
    stage: "escalation",
    at,
  });
  await publishChange(tx, {
    siteId: esc.siteId,
    topic: "message.created",
    entityId: esc.sessionId,
    data: { speaker, handoff: esc.id },
    at,
  });
}

/** The agent takes the call: escalation accepted, visitor told, call shown "with agent". */
export async function acceptEscalation(
  ctx: RelayContext,
  escalationId: string,
  agentId: string,
): Promise<HandoffView> {
  const now = ctx.now();
  return ctx.store.write(async (tx) => {
    const esc = await escalationOrThrow(tx, escalationId);
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).limit(1);
    if (!agent || agent.siteId !== esc.siteId)
      throw forbidden("this escalation belongs to another site", "wrong_site");
    const mine = esc.agentId === agentId && esc.state === "assigned";
    const fromQueue =
      esc.state === "queued" && agent.expertise.some((e) => e === esc.category || e === "general");
    if (esc.state === "accepted" && esc.agentId === agentId)
      return (await viewEscalations(tx, [esc]))[0]!;
    if (!mine && !fromQueue)
      throw conflict(
        `this escalation is ${esc.state}${esc.agentId && esc.agentId !== agentId ? " with another agent" : ""}`,
        "not_yours",
      );
    await tx
      .update(escalations)
      .set({ state: "accepted", agentId, updatedAt: now })
      .where(eq(escalations.id, esc.id));
    await tx.update(agents).set({ status: "busy", updatedAt: now }).where(eq(agents.id, agentId));
    await tx
      .update(sessions)
      .set({ status: "with_agent", stage: "escalation", resolution: "escalated", updatedAt: now })
      .where(eq(sessions.id, esc.sessionId));
    const text = `You're being connected to ${agent.name} now.`;
    await insertHandoffMessage(tx, esc, "system", "accepted", { agentName: agent.name, text }, now);
    await logLine(ctx, tx, esc, "system", `${agent.name} accepted the handoff`, now);
    await publishChange(tx, {
      siteId: esc.siteId,
      topic: "escalation.updated",
      entityId: esc.id,
      data: { state: "accepted", agentId, sessionId: esc.sessionId },
      at: now,
    });
    await publishChange(tx, {
      siteId: esc.siteId,
      topic: "session.updated",
      entityId: esc.sessionId,
      data: { status: "with_agent", stage: "escalation" },
      at: now,
    });
    return (
      await viewEscalations(tx, [{ ...esc, state: "accepted", agentId, updatedAt: now }])
    )[0]!;
  });
}

/** The agent passes: the escalation goes back to routing (another agent, or the queue). */
export async function declineEscalation(
  ctx: RelayContext,
  escalationId: string,
  agentId: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.write(async (tx) => {
    const esc = await escalationOrThrow(tx, escalationId);
    if (esc.agentId !== agentId || esc.state !== "assigned")
      throw conflict("only an escalation assigned to you can be declined", "not_yours");
    await tx
      .update(escalations)
      .set({ state: "queued", agentId: null, updatedAt: now })
      .where(eq(escalations.id, esc.id));
    // The decliner steps away so routing does not hand the same call straight back to them.
    await tx.update(agents).set({ status: "away", updatedAt: now }).where(eq(agents.id, agentId));
    await publishChange(tx, {
      siteId: esc.siteId,
      topic: "escalation.updated",
      entityId: esc.id,
      data: { state: "queued", sessionId: esc.sessionId },
      at: now,
    });
    await requeueToAvailableAgents(tx, esc.siteId, now);
  });
}

/** Offers queued escalations to every available agent of the site (oldest first). */
export async function requeueToAvailableAgents(tx: Tx, siteId: string, now: number): Promise<void> {
  const available = await tx
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.siteId, siteId), eq(agents.status, "available")))
    .orderBy(asc(agents.updatedAt));
  for (const agent of available) await assignQueued(tx, siteId, agent.id, now);
}

/** A side posts signalling or chat. Only while the escalation is accepted, and only its parties. */
export async function postPeerMessage(
  ctx: RelayContext,
  escalationId: string,
  sender: Sender,
  who: { agentId?: string; sessionId?: string },
  message: PeerMessage,
): Promise<number> {
  const now = ctx.now();
  return ctx.store.write(async (tx) => {
    const esc = await escalationOrThrow(tx, escalationId);
    if (sender === "agent" && esc.agentId !== who.agentId)
      throw forbidden("this handoff is another agent's", "not_yours");
    if (sender === "visitor" && esc.sessionId !== who.sessionId)
      throw forbidden("this handoff belongs to another call", "not_yours");
    if (esc.state !== "accepted")
      throw conflict(`the handoff is ${esc.state}, not connected`, "handoff_not_live");
    await consume(
      tx,
      {
        key: `handoff:${esc.id}:${sender}`,
        limit: 600,
        windowMs: MINUTE,
        what: "handoff messages per minute",
      },
      now,
    );
    const id = await insertHandoffMessage(tx, esc, sender, message.kind, message.payload, now);
    if (message.kind === "chat") {
      await logLine(
        ctx,
        tx,
        esc,
        sender === "agent" ? "human_agent" : "visitor",
        message.payload.text,
        now,
      );
    }
    return id;
  });
}

/** The agent ends the handoff with a resolution: ticket updated (or opened), lead updated. */
export async function endHandoff(
  ctx: RelayContext,
  escalationId: string,
  agentId: string,
  body: EndHandoff,
) {
  const now = ctx.now();
  return ctx.store.write(async (tx) => {
    const esc = await escalationOrThrow(tx, escalationId);
    if (esc.agentId !== agentId) throw forbidden("this handoff is another agent's", "not_yours");
    if (esc.state !== "accepted") throw conflict(`the handoff is ${esc.state}`, "handoff_not_live");
    const [session] = await tx
      .select()
      .from(sessions)
      .where(eq(sessions.id, esc.sessionId))
      .limit(1);
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(eq(tickets.sessionId, esc.sessionId))
      .orderBy(desc(tickets.id))
      .limit(1);
    let number: string;
    if (ticket) {
      number = ticket.number;
      await tx
        .update(tickets)
        .set({ status: body.ticketStatus, resolution: body.resolution, updatedAt: now })
        .where(eq(tickets.id, ticket.id));
      await publishChange(tx, {
        siteId: esc.siteId,
        topic: "ticket.updated",
        entityId: number,
        data: { number, status: body.ticketStatus, sessionId: esc.sessionId },
        at: now,
      });
    } else {
      const [row] = await tx
        .insert(tickets)
        .values({
          number: `pending:${esc.id}`,
          siteId: esc.siteId,
          sessionId: esc.sessionId,
          leadId: session?.leadId ?? null,
          issueType:
            esc.category === "billing"
              ? "billing"
              : esc.category === "technical"
                ? "technical"
                : esc.category === "delivery"
                  ? "delivery_delay"
                  : "other",
          priority: esc.urgency === "high" ? "high" : "medium",
          status: body.ticketStatus,
          summary: esc.reason,
          resolution: body.resolution,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: tickets.id });
      number = `#${FIRST_TICKET_NUMBER - 1 + row!.id}`;
      await tx.update(tickets).set({ number }).where(eq(tickets.id, row!.id));
      await publishChange(tx, {
        siteId: esc.siteId,
        topic: "ticket.created",
        entityId: number,
        data: { number, status: body.ticketStatus, sessionId: esc.sessionId },
        at: now,
      });
    }
    if (session) {
      const resolved = body.ticketStatus === "resolved" || body.ticketStatus === "closed";
      await tx
        .update(leads)
        .set({
          leadStatus: "contacted",
          lastContactedAt: now,
          lastIssue: `${esc.category}${resolved ? "_resolved" : ""}: ${body.resolution}`.slice(
            0,
            500,
          ),
          pendingAction: resolved ? null : "follow_up",
          updatedAt: now,
        })
        .where(eq(leads.id, session.leadId));
      await publishChange(tx, {
        siteId: esc.siteId,
        topic: "lead.updated",
        entityId: session.leadId,
        data: { sessionId: esc.sessionId },
        at: now,
      });
      await tx
        .update(sessions)
        .set({
          status: "active",
          stage: "closing",
          resolution: "escalated",
          pendingActions: [],
          updatedAt: now,
        })
        .where(eq(sessions.id, esc.sessionId));
      await publishChange(tx, {
        siteId: esc.siteId,
        topic: "session.updated",
        entityId: esc.sessionId,
        data: { status: "active", stage: "closing" },
        at: now,
      });
    }
    await tx
      .update(escalations)
      .set({ state: "ended", updatedAt: now })
      .where(eq(escalations.id, esc.id));
    await insertHandoffMessage(
      tx,
      esc,
      "system",
      "ended",
      { resolution: body.resolution, ticketNumber: number },
      now,
    );
    await logLine(ctx, tx, esc, "system", `Handoff ended: ${body.resolution}`, now);
    await tx
      .update(agents)
      .set({ status: "available", updatedAt: now })
      .where(eq(agents.id, agentId));
    await publishChange(tx, {
      siteId: esc.siteId,
      topic: "escalation.updated",
      entityId: esc.id,
      data: { state: "ended", sessionId: esc.sessionId },
      at: now,
    });
    await assignQueued(tx, esc.siteId, agentId, now);
    return { ticketNumber: number };
  });
}

/** Messages of one handoff after `afterId` (both sides' view). */
export async function handoffMessagesAfter(db: Db, escalationId: string, afterId: number) {
  return db
    .select()
    .from(handoffMessages)
    .where(and(eq(handoffMessages.escalationId, escalationId), gt(handoffMessages.id, afterId)))
    .orderBy(asc(handoffMessages.id))
    .limit(500);
}

/** The latest escalation of a call (the visitor side asks by session). */
export async function latestEscalationOf(
  db: Db,
  sessionId: string,
): Promise<EscalationRow | undefined> {
  const [row] = await db
    .select()
    .from(escalations)
    .where(eq(escalations.sessionId, sessionId))
    .orderBy(desc(escalations.createdAt))
    .limit(1);
  return row;
}
