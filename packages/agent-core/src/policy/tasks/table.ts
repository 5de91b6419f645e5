import { callback } from "./callback";
import { complaint, orderStatus } from "./orders";
import { sendEmail, sendSms, sendWhatsapp } from "./send-details";
import type { TaskDefinition, TaskIntent } from "./task";

/** Every task the agent carries out, one entry each (add a task here, not in the planner). */
export const TASKS: Readonly<Record<TaskIntent, TaskDefinition>> = {
  send_details_email: sendEmail,
  send_details_whatsapp: sendWhatsapp,
  send_details_sms: sendSms,
  callback_request: callback,
  complaint,
  order_status: orderStatus,
};
