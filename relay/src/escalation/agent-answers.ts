/**
 * The agent answers an offer: accept (the visitor is told who is coming, the call shows "with
 * agent") or decline (the call goes back to routing: another agent, or the queue). Also the one
 * routing step both a decline and an unanswered offer end with: `requeueToAvailableAgents`.
 */
import { and, asc, eq } from "drizzle-orm";
import type { RelayContext } from "../context";
import { agents, escalations, sessions } from "../db/schema";
import type { Tx } from "../db/store";
import { publish } from "../feed";
import { conflict, forbidden } from "../http/errors";
import { assignQueued } from "./assign-agent";
import { escalationOrThrow, viewEscalations, type HandoffView } from "./escalation-view";
import { insertHandoffMessage, keepsText, logHandoffLine } from "./handoff-messages";

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
        esc.state === "withdrawn"
          ? "the visitor is no longer waiting for this call"
          : `this escalation is ${esc.state}${esc.agentId && esc.agentId !== agentId ? " with another agent" : ""}`,
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
    const text = `You're now connected to ${agent.name}.`;
    await insertHandoffMessage(tx, esc, "system", "accepted", { agentName: agent.name, text }, now);
    await logHandoffLine(
      tx,
      esc,
      "system",
      `${agent.name} accepted the handoff`,
      keepsText(ctx, esc.siteId),
      now,
    );
    await publish(tx, {
      siteId: esc.siteId,
      topic: "escalation.updated",
      entityId: esc.id,
      data: { state: "accepted", agentId, sessionId: esc.sessionId },
      at: now,
    });
    await publish(tx, {
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
    await publish(tx, {
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
