/**
 * Routing a handoff to a human: an available agent whose expertise matches the category (the
 * brief's `WHERE status = 'available' AND expertise LIKE '%technical%'`), least recently busy
 * first. When nobody on the site has that expertise at all, a "general" agent takes it. When the
 * right people exist but are all busy, the escalation waits in the queue.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { agents, escalations } from "../db/schema";
import type { Tx } from "../db/store";
import { publish } from "../feed";

export interface AssignedAgent {
  id: string;
  name: string;
}

async function availableWith(
  tx: Tx,
  siteId: string,
  expertise: string,
): Promise<AssignedAgent | null> {
  const [agent] = await tx
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(
      and(
        eq(agents.siteId, siteId),
        eq(agents.status, "available"),
        sql`exists (select 1 from json_each(${agents.expertise}) where json_each.value = ${expertise})`,
      ),
    )
    .orderBy(asc(agents.updatedAt), asc(agents.id))
    .limit(1);
  return agent ?? null;
}

async function anyoneHas(tx: Tx, siteId: string, expertise: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: agents.id })
    .from(agents)
    .where(
      and(
        eq(agents.siteId, siteId),
        sql`exists (select 1 from json_each(${agents.expertise}) where json_each.value = ${expertise})`,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Finds an agent for `category` and marks them busy, or returns null (queue it). */
export async function claimAgent(
  tx: Tx,
  siteId: string,
  category: string,
  now: number,
): Promise<AssignedAgent | null> {
  const wanted =
    category !== "general" && !(await anyoneHas(tx, siteId, category)) ? "general" : category;
  const agent = await availableWith(tx, siteId, wanted);
  if (!agent) return null;
  await tx.update(agents).set({ status: "busy", updatedAt: now }).where(eq(agents.id, agent.id));
  return agent;
}

/** When an agent becomes available: give them the oldest queued escalation they can take. */
export async function assignQueued(
  tx: Tx,
  siteId: string,
  agentId: string,
  now: number,
): Promise<string | null> {
  const [agent] = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.siteId, siteId)))
    .limit(1);
  if (!agent || agent.status !== "available") return null;
  const skills = new Set(agent.expertise);
  const queued = await tx
    .select()
    .from(escalations)
    .where(and(eq(escalations.siteId, siteId), eq(escalations.state, "queued")))
    .orderBy(asc(escalations.createdAt))
    .limit(50);
  for (const esc of queued) {
    const fits =
      skills.has(esc.category) ||
      (skills.has("general") && !(await anyoneHas(tx, siteId, esc.category)));
    if (!fits) continue;
    await tx
      .update(escalations)
      .set({ state: "assigned", agentId, updatedAt: now })
      .where(eq(escalations.id, esc.id));
    await tx.update(agents).set({ status: "busy", updatedAt: now }).where(eq(agents.id, agentId));
    await publish(tx, {
      siteId,
      topic: "escalation.created",
      entityId: esc.id,
      data: {
        state: "assigned",
        agentId,
        agent: agent.name,
        category: esc.category,
        sessionId: esc.sessionId,
      },
      at: now,
    });
    return esc.id;
  }
  return null;
}
