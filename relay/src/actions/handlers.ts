/**
 * The relay's handler for each action in the protocol's registry (`ACTIONS` in
 * @parley/protocol): typed by the registry's relay actions, so an entry without a handler here,
 * or a handler for an action the registry does not declare, fails the typecheck.
 */
import type { RelayActionType } from "@parley/protocol";
import type { ActionHandler } from "./action-env";
import { scheduleCallback } from "./callback-action";
import { escalateToHuman } from "./escalate-action";
import { sendEmail, sendSms, sendWhatsApp } from "./messaging-actions";
import { createTicket, updateTicket } from "./ticket-actions";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const HANDLERS: Record<RelayActionType, ActionHandler<any, any>> = {
  send_sms: sendSms,
  send_email: sendEmail,
  send_whatsapp: sendWhatsApp,
  schedule_callback: scheduleCallback,
  create_ticket: createTicket,
  update_ticket: updateTicket,
  escalate_to_human: escalateToHuman,
};
