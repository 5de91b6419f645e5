/** create_ticket and update_ticket: support tickets numbered like the brief's "#12345". */
import { and, eq } from "drizzle-orm";
import type { ActionRequest } from "@parley/protocol";
import { tickets } from "../db/schema";
import type { Tx } from "../db/store";
import { publish } from "../feed";
import { notFound } from "../http/errors";
import type { ActionHandler } from "./action-env";
import { updateLead } from "./leads";

type CreateParams = Extract<ActionRequest, { type: "create_ticket" }>["params"];
type UpdateParams = Extract<ActionRequest, { type: "update_ticket" }>["params"];

/** Ticket numbers start at #12345 and follow the row id, so they are unique across processes. */
const FIRST_TICKET_NUMBER = 12345;

/**
 * Inserts a ticket and gives it its number: the one place tickets are numbered (the
 * create_ticket action, and a warm handoff the agent ends without a ticket on the call).
 * `placeholder` makes the temporary number unique until the row id is known.
 */
export async function openTicket(
  tx: Tx,
  t: {
    placeholder: string;
    siteId: string;
    sessionId: string | null;
    leadId: string | null;
    issueType: string;
    priority: string;
    status: string;
    summary: string;
    resolution: string | null;
    orderId?: string | null;
    now: number;
  },
): Promise<string> {
  const [row] = await tx
    .insert(tickets)
    .values({
      number: `pending:${t.placeholder}`,
      siteId: t.siteId,
      sessionId: t.sessionId,
      leadId: t.leadId,
      issueType: t.issueType,
      priority: t.priority,
      status: t.status,
      summary: t.summary,
      resolution: t.resolution,
      orderId: t.orderId ?? null,
      createdAt: t.now,
      updatedAt: t.now,
    })
    .returning({ id: tickets.id });
  const number = `#${FIRST_TICKET_NUMBER - 1 + row!.id}`;
  await tx.update(tickets).set({ number }).where(eq(tickets.id, row!.id));
  return number;
}

export const issueLabel = (issue: string, status: string | undefined) =>
  status === "resolved" || status === "closed" ? `${issue}_resolved` : issue;

export const createTicket: ActionHandler<CreateParams, null> = {
  async prepare() {
    return null;
  },
  async perform(tx, env, params) {
    const status = params.status ?? "open";
    const number = await openTicket(tx, {
      placeholder: env.actionId,
      siteId: env.site.id,
      sessionId: env.sessionId,
      leadId: env.leadId,
      issueType: params.issue_type,
      priority: params.priority,
      status,
      summary: params.summary,
      resolution: params.resolution ?? null,
      orderId: params.orderId ?? null,
      now: env.now,
    });
    await updateLead(
      tx,
      env.leadId,
      { lastIssue: issueLabel(params.issue_type, status), leadStatus: "contacted" },
      env.now,
    );
    await publish(tx, {
      siteId: env.site.id,
      topic: "ticket.created",
      entityId: number,
      data: { number, status, priority: params.priority, sessionId: env.sessionId },
      at: env.now,
    });
    return { status: "done", result: { ticketNumber: number, ticketStatus: status }, drafts: [] };
  },
};

export const updateTicket: ActionHandler<UpdateParams, null> = {
  async prepare() {
    return null;
  },
  async perform(tx, env, params) {
    const number = params.ticket.startsWith("#") ? params.ticket : `#${params.ticket}`;
    // A visitor may update only tickets opened for them (same lead), never another visitor's.
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.siteId, env.site.id),
          eq(tickets.number, number),
          eq(tickets.leadId, env.leadId),
        ),
      )
      .limit(1);
    if (!ticket) throw notFound(`no ticket ${number} for this visitor`, "ticket_not_found");
    const status = params.status ?? ticket.status;
    await tx
      .update(tickets)
      .set({ status, resolution: params.resolution ?? ticket.resolution, updatedAt: env.now })
      .where(eq(tickets.id, ticket.id));
    await updateLead(tx, env.leadId, { lastIssue: issueLabel(ticket.issueType, status) }, env.now);
    await publish(tx, {
      siteId: env.site.id,
      topic: "ticket.updated",
      entityId: number,
      data: { number, status, sessionId: env.sessionId },
      at: env.now,
    });
    return { status: "done", result: { ticketNumber: number, ticketStatus: status }, drafts: [] };
  },
};
