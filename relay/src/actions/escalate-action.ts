/**
 * escalate_to_human: store the handoff package, route it to an agent (or queue it), and tell the live
 * feed so the agent console (issue 8) can notify the agent. The warm transfer itself (WebRTC)
 * is the console's job.
 */
import { eq } from "drizzle-orm";
import type { ActionParams } from "@parley/protocol";
import { escalations, sessions } from "../db/schema";
import { claimAgent } from "../escalation/assign-agent";
import { publish } from "../feed";
import { newId } from "../ids";
import type { ActionHandler } from "./action-env";
import { updateLead } from "./leads";

export const escalateToHuman: ActionHandler<ActionParams<"escalate_to_human">, null> = {
  async prepare() {
    return null;
  },
  async perform(tx, env, params) {
    const escalationId = newId("esc");
    const agent = await claimAgent(tx, env.site.id, params.category, env.now);
    const state = agent ? "assigned" : "queued";
    await tx.insert(escalations).values({
      id: escalationId,
      siteId: env.site.id,
      sessionId: env.sessionId,
      category: params.category,
      urgency: params.urgency ?? null,
      reason: params.handoff.reason,
      handoff: params.handoff,
      agentId: agent?.id ?? null,
      state,
      createdAt: env.now,
      updatedAt: env.now,
    });
    await tx
      .update(sessions)
      .set({ status: "waiting_for_human", stage: "escalation", updatedAt: env.now })
      .where(eq(sessions.id, env.sessionId));
    const customer = params.handoff.customer_data;
    await updateLead(
      tx,
      env.leadId,
      {
        pendingAction: "human_handoff",
        ...(customer.name ? { name: customer.name } : {}),
        ...(customer.company ? { company: customer.company } : {}),
        ...(customer.phone ? { phone: customer.phone } : {}),
        ...(customer.email ? { email: customer.email } : {}),
      },
      env.now,
    );
    await publish(tx, {
      siteId: env.site.id,
      topic: "escalation.created",
      entityId: escalationId,
      data: {
        state,
        agentId: agent?.id ?? null,
        agent: agent?.name ?? null,
        category: params.category,
        sessionId: env.sessionId,
      },
      at: env.now,
    });
    return {
      status: "done",
      result: { escalationId, state, agent: agent?.name ?? null, agentId: agent?.id ?? null },
      drafts: [],
    };
  },
};
