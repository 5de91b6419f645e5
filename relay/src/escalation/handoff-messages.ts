/**
 * The handoff's message log (`handoff_messages`): WebRTC signalling and chat posted by the two
 * sides, and what the relay itself tells them (accepted, ended, withdrawn). Chat lines and the
 * relay's notes also go into the call's conversation log (stage "escalation"), so the call record
 * shows the human part of the conversation beside the AI part.
 */
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { HandoffSender, PeerMessage } from "@parley/protocol";
import type { RelayContext } from "../context";
import { escalations, messages } from "../db/schema";
import { handoffMessages } from "../db/schema-dashboard";
import type { Db, Tx } from "../db/store";
import { publish } from "../feed";
import { conflict, forbidden } from "../http/errors";
import { consume, MINUTE } from "../rate-limit";
import { escalationOrThrow, type EscalationRow } from "./escalation-view";

export async function insertHandoffMessage(
  tx: Tx,
  esc: EscalationRow,
  sender: HandoffSender,
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

/** One line of the handoff in the call's conversation log (text kept only where the site allows). */
export async function logHandoffLine(
  tx: Tx,
  esc: EscalationRow,
  speaker: "visitor" | "human_agent" | "system",
  text: string,
  keepText: boolean,
  at: number,
): Promise<void> {
  await tx.insert(messages).values({
    sessionId: esc.sessionId,
    speaker,
    text: keepText ? text : null,
    stage: "escalation",
    at,
  });
  await publish(tx, {
    siteId: esc.siteId,
    topic: "message.created",
    entityId: esc.sessionId,
    data: { speaker, handoff: esc.id },
    at,
  });
}

/** Whether the site keeps what was said (transcript logging). */
export const keepsText = (ctx: Pick<RelayContext, "sites">, siteId: string): boolean =>
  ctx.sites.get(siteId)?.transcriptLogging ?? true;

/** A side posts signalling or chat. Only while the escalation is accepted, and only its parties. */
export async function postPeerMessage(
  ctx: RelayContext,
  escalationId: string,
  sender: "visitor" | "agent",
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
      const speaker = sender === "agent" ? "human_agent" : "visitor";
      await logHandoffLine(tx, esc, speaker, message.payload.text, keepsText(ctx, esc.siteId), now);
    }
    return id;
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
  db: Db | Tx,
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
