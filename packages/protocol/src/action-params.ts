import { z } from "zod";
import { ACTION_STATES, ACTION_TYPES, type RelayActionType } from "./action-registry";
import { e164Phone, email, id, isoDateTimeWithOffset, orderId, text } from "./formats";
import { HandoffPackage } from "./handoff-package";
import { AgentExpertise } from "./site";
import { IssueType, Urgency } from "./vocabulary";

/**
 * The zod side of the action registry (action-registry.ts): the closed enums of action types
 * and states, and the `params` schema of every action the relay carries out. Keyed by the
 * registry's relay actions, so an entry without a schema here fails the typecheck.
 */

/** What the dialogue core may ask the relay (or a read tool) to do. Closed: a brain cannot invent one. */
export const ActionType = z.enum(ACTION_TYPES);
export type ActionType = z.infer<typeof ActionType>;

export const ActionState = z.enum(ACTION_STATES);
export type ActionState = z.infer<typeof ActionState>;

/** Messages come only from templates: the browser picks a template, never writes a body. */
export const SmsTemplate = z.enum(["callback_confirmation", "order_tracking", "document_link"]);
export const EmailTemplate = z.enum(["document", "order_update"]);
export const WhatsAppTemplate = z.enum(["catalog", "document"]);
export const TicketPriority = z.enum(["low", "medium", "high", "urgent"]);
export const TicketStatus = z.enum(["open", "in_progress", "resolved", "closed"]);
export const TicketNumber = z
  .string()
  .regex(/^#?\d{1,10}$/, { message: "must be a ticket number like #12345" });

export const ACTION_PARAMS = {
  send_email: z.strictObject({
    to: email,
    template: EmailTemplate,
    documentId: id.optional(),
    orderId: orderId.optional(),
  }),
  send_sms: z.strictObject({
    to: e164Phone,
    template: SmsTemplate,
    orderId: orderId.optional(),
    callbackTime: isoDateTimeWithOffset.optional(),
    documentId: id.optional(),
  }),
  send_whatsapp: z.strictObject({
    to: e164Phone,
    template: WhatsAppTemplate,
    documentId: id.optional(),
  }),
  schedule_callback: z.strictObject({
    phone: e164Phone,
    time: isoDateTimeWithOffset,
    reason: text(500).optional(),
  }),
  create_ticket: z.strictObject({
    issue_type: IssueType,
    priority: TicketPriority,
    summary: text(1000),
    orderId: orderId.optional(),
    status: TicketStatus.optional(),
    resolution: text(1000).optional(),
  }),
  update_ticket: z.strictObject({
    ticket: TicketNumber,
    status: TicketStatus.optional(),
    resolution: text(1000).optional(),
  }),
  escalate_to_human: z.strictObject({
    category: AgentExpertise,
    urgency: Urgency.optional(),
    handoff: HandoffPackage,
  }),
} as const satisfies Record<RelayActionType, z.ZodType>;
