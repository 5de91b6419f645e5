/**
 * "Ring, no answer": a handoff offered to an agent ("assigned") that nobody accepts within
 * `handoffOfferTimeoutMs` goes back to the queue, the agent is set "away" (the config lists agents
 * as available whether or not anyone has their console open, so an unanswered offer is the first
 * sign that nobody is there), and the call is offered at once to the next available agent who fits
 * (the same routing as a decline: `requeueToAvailableAgents` → `assignQueued`).
 *
 * Several relay processes may sweep the same database at once. All the changes happen in one write
 * transaction (BEGIN IMMEDIATE: SQLite lets one writer in at a time), and each offer is taken back
 * with a conditional UPDATE (still assigned, to the same agent, still older than the cutoff), so a
 * second sweep finds nothing left to take back and cannot requeue or assign the call twice.
 */
import { and, asc, eq, inArray, isNull, lt } from "drizzle-orm";
import type { RelayContext } from "../context";
import { agents, escalations } from "../db/schema";
import type { Db, Tx } from "../db/store";
import { publish } from "../feed";
import { requeueToAvailableAgents } from "./agent-answers";

/** How often the offer sweeper runs (at most; a shorter offer timeout sweeps as often). */
export const OFFER_SWEEP_EVERY_MS = 5_000;

/** Offers taken back in one sweep, at most (the rest wait for the next sweep). */
const MAX_PER_SWEEP = 100;

export interface WithdrawnOffer {
  escalationId: string;
  siteId: string;
  /** The agent who let it ring out. */
  fromAgentId: string | null;
  /** Who it was offered to next, or null: it waits in the queue. */
  toAgentId: string | null;
}

type SweepContext = Pick<RelayContext, "store" | "sites" | "options" | "now" | "log">;

/** Offers of one site that have rung longer than the timeout (uses escalations_site_state). */
function unansweredOffers(db: Db | Tx, siteId: string, cutoff: number) {
  return db
    .select({ id: escalations.id, agentId: escalations.agentId, sessionId: escalations.sessionId })
    .from(escalations)
    .where(
      and(
        eq(escalations.siteId, siteId),
        eq(escalations.state, "assigned"),
        lt(escalations.updatedAt, cutoff),
      ),
    )
    .orderBy(asc(escalations.createdAt))
    .limit(MAX_PER_SWEEP);
}

/** Takes back every offer that rang out and re-routes it; returns what it did. */
export async function withdrawUnansweredOffers(ctx: SweepContext): Promise<WithdrawnOffer[]> {
  const timeout = ctx.options.handoffOfferTimeoutMs;
  if (!(timeout > 0)) return [];
  const now = ctx.now();
  const cutoff = now - timeout;
  const siteIds = [...ctx.sites.keys()];
  // A read first: almost always nothing has rung out, and taking the database's write lock every
  // few seconds in every process for nothing would delay real writes. The write below looks again.
  const due = await ctx.store.read(async (db) => {
    const sites: string[] = [];
    for (const siteId of siteIds)
      if ((await unansweredOffers(db, siteId, cutoff)).length > 0) sites.push(siteId);
    return sites;
  });
  if (due.length === 0) return [];

  const withdrawn = await ctx.store.write(async (tx) => {
    const done: WithdrawnOffer[] = [];
    for (const siteId of due) {
      const taken: WithdrawnOffer[] = [];
      // Every rung-out offer of the site first, then routing: two agents who both let a call ring
      // out are both away before routing runs, so they cannot simply swap each other's calls.
      for (const offer of await unansweredOffers(tx, siteId, cutoff)) {
        const [row] = await tx
          .update(escalations)
          .set({ state: "queued", agentId: null, updatedAt: now })
          .where(
            and(
              eq(escalations.id, offer.id),
              eq(escalations.state, "assigned"),
              offer.agentId ? eq(escalations.agentId, offer.agentId) : isNull(escalations.agentId),
              lt(escalations.updatedAt, cutoff),
            ),
          )
          .returning({ id: escalations.id });
        if (!row) continue;
        taken.push({ escalationId: offer.id, siteId, fromAgentId: offer.agentId, toAgentId: null });
        await publish(tx, {
          siteId,
          topic: "escalation.updated",
          entityId: offer.id,
          data: {
            state: "queued",
            sessionId: offer.sessionId,
            reason: "offer_timeout",
            unansweredBy: offer.agentId,
          },
          at: now,
        });
        if (offer.agentId) await stepAway(tx, siteId, offer.agentId, now);
      }
      if (taken.length === 0) continue;
      await requeueToAvailableAgents(tx, siteId, now);
      const placed = await tx
        .select({ id: escalations.id, state: escalations.state, agentId: escalations.agentId })
        .from(escalations)
        .where(
          inArray(
            escalations.id,
            taken.map((t) => t.escalationId),
          ),
        );
      const to = new Map(placed.map((p) => [p.id, p.state === "assigned" ? p.agentId : null]));
      for (const t of taken) done.push({ ...t, toAgentId: to.get(t.escalationId) ?? null });
    }
    return done;
  });
  for (const w of withdrawn)
    ctx.log.info("handoff offer unanswered: taken back and re-routed", {
      escalation: w.escalationId,
      site: w.siteId,
      from: w.fromAgentId,
      to: w.toAgentId ?? "queue",
      timeoutMs: timeout,
    });
  return withdrawn;
}

/**
 * The agent who let an offer ring out is not there: "away" until they say otherwise in their
 * console (PATCH /me available hands them the oldest queued call they fit). An agent who is on
 * another, accepted, handoff stays busy; one already away or offline is left as they are.
 */
async function stepAway(tx: Tx, siteId: string, agentId: string, now: number): Promise<void> {
  const [onCall] = await tx
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.agentId, agentId), eq(escalations.state, "accepted")))
    .limit(1);
  if (onCall) return;
  const [changed] = await tx
    .update(agents)
    .set({ status: "away", updatedAt: now })
    .where(and(eq(agents.id, agentId), inArray(agents.status, ["busy", "available"])))
    .returning({ id: agents.id });
  if (!changed) return;
  await publish(tx, {
    siteId,
    topic: "agent.updated",
    entityId: agentId,
    data: { status: "away", reason: "offer_timeout" },
    at: now,
  });
}
