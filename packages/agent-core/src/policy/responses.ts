import type { Slot } from "@parley/protocol";
import type { Say } from "./sentences/catalogue";

/** One clear question per missing slot; `thing` names what is being sent ("the catalog"). */
export function questionFor(
  say: Say,
  slot: Slot,
  ctx: { thing: string; dayWords: string | null; forCallback: boolean },
): string {
  switch (slot) {
    case "whatsapp_number":
      return say("askWhatsappNumber", { thing: ctx.thing });
    case "phone":
      return ctx.forCallback
        ? say("askPhoneForCallback")
        : say("askPhoneForText", { thing: ctx.thing });
    case "email":
      return say("askEmail", { thing: ctx.thing });
    case "callback_time":
      return ctx.dayWords
        ? say("askCallbackTimeOnDay", { day: ctx.dayWords })
        : say("askCallbackTime");
    case "order_id":
      return say("askOrderId");
    case "details_type":
      return say("askDetailsType");
    case "name":
      return say("askName");
    case "issue_type":
      return say("askIssue");
  }
}

/** Said before re-asking when the visitor's answer could not be used. */
export function invalidAnswer(say: Say, slot: Slot): string {
  switch (slot) {
    case "phone":
    case "whatsapp_number":
      return say("invalidPhone");
    case "email":
      return say("invalidEmail");
    case "callback_time":
      return say("invalidCallbackTime");
    case "order_id":
      return say("invalidOrderId");
    default:
      return say("invalidOther");
  }
}
