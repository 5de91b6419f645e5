/** create_ticket and update_ticket: support tickets numbered like the brief's "#12345". */
import { and, eq } from "drizzle-orm";
import type { ActionRequest } from "@parley/protocol";
import { tickets } from "../db/schema";
import { publish } from "../feed";
import { notFound } from "../http/errors";
import type { ActionHandler } from "./action-env";
import { updateLead } from "./leads";

type CreateParams = Extract<ActionRequest, { type: "create_ticket" }>["params"];
type UpdateParams = Extract<ActionRequest, { type: "update_ticket" }>["params"];

/** Ticket numbers start at #12345 and follow the row id, so they are unique across processes. */
export const FIRST_TICKET_NUMBER = 12345;

const issueLabel = (issue: string, status: string | undefined) =>
  status === "resolved" || status === "closed" ? `${issue}_resolved` : issue;

export const createTicket: ActionHandler<CreateParams, null> = {
  async prepare() {
    return null;
  },
  async perform(tx, env, params) {
    const status = params.status ?? "open";
    const [row] = await tx
      .insert(tickets)
      .values({
        number: `pending:${env.actionId}`,
        siteId: env.site.id,
        sessionId: env.sessionId,
        leadId: env.leadId,
        issueType: params.issue_type,
        priority: params.priority,
        status,
        summary: params.summary,
        resolution: params.resolution ?? null,
        orderId: params.orderId ?? null,
        createdAt: env.now,
        updatedAt: env.now,
      })
      .returning({ id: tickets.id });
    const number = `#${FIRST_TICKET_NUMBER - 1 + row!.id}`;
    await tx.update(tickets).set({ number }).where(eq(tickets.id, row!.id));
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
