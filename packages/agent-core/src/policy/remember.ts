import { localIsoToZonedIso, type Intent, type Slot } from "@parley/protocol";
import type { Extraction } from "../understanding/entities";
import { expectedSlot, type DialogueState } from "./dialogue-state";
import type { PlanInput } from "./draft";

/**
 * Remembering what the visitor gave, before anything is decided (never ask twice). Returns the
 * slot whose answer could not be used (an invalid number, a past time, an unknown order).
 */
export function remember(
  state: DialogueState,
  x: Extraction,
  input: PlanInput,
  taskIntent: Intent | null,
): Slot | null {
  const k = state.known;
  let invalidFor: Slot | null = null;
  const expected = expectedSlot(state);
  const wantsWhatsapp =
    expected === "whatsapp_number" ||
    taskIntent === "send_details_whatsapp" ||
    /\bwhats\s?app (?:number|no)\b/i.test(input.utterance);
  const phone = x.phones[0];
  if (phone) {
    if (wantsWhatsapp) {
      k.whatsapp_number = phone;
      if (!k.phone || !k.phoneFromVisitor) {
        k.phone = phone;
        k.phoneFromVisitor = true;
      }
    } else {
      k.phone = phone;
      k.phoneFromVisitor = true;
      // A number the visitor gave in this call is good for WhatsApp too.
      if (!k.whatsapp_number || state.lastCompleted?.phoneSlot === "phone")
        k.whatsapp_number = phone;
    }
  } else if (
    x.invalidPhone &&
    (expected === "phone" || expected === "whatsapp_number" || input.acts.correction)
  ) {
    invalidFor = expected === "whatsapp_number" || wantsWhatsapp ? "whatsapp_number" : "phone";
  }
  if (x.email) k.email = x.email;
  else if (x.invalidEmail && (expected === "email" || taskIntent === "send_details_email"))
    invalidFor = "email";
  if (x.name) k.name = x.name;
  const aboutCallback = taskIntent === "callback_request" || expected === "callback_time";
  if (x.time && aboutCallback) {
    let time = x.time;
    // "11 AM" after "tomorrow": the hour goes on the day already named.
    const day = !time.dayKnown ? (k.callback_day ?? k.callback_time?.slice(0, 10) ?? null) : null;
    let iso = time.iso;
    if (day && time.hourKnown) {
      const clock = /T(\d{2}:\d{2})/.exec(time.iso)?.[1];
      const zoned = clock ? localIsoToZonedIso(`${day}T${clock}:00`, input.site.timezone) : null;
      if (zoned) {
        iso = zoned;
        const at = new Date(zoned);
        time = { ...time, iso, at, past: at.getTime() <= input.now.getTime() };
      }
    }
    if (time.past) invalidFor = "callback_time";
    else if (!time.hourKnown) {
      k.callback_day = time.localDate;
      k.callback_date = time.dayWords;
    } else {
      k.callback_time = iso;
      k.callback_date = time.dayWords ?? k.callback_date;
      k.callback_day = null;
    }
  }
  if (x.orderId) {
    k.order_id = x.orderId;
    const found = input.extraction.orderId ? state.orders[x.orderId] : undefined;
    if (found) state.currentOrderId = x.orderId;
    else if (found === null) invalidFor = "order_id";
  } else if (
    x.orderIdLike &&
    (expected === "order_id" || taskIntent === "complaint" || taskIntent === "order_status")
  ) {
    invalidFor = "order_id";
  }
  return invalidFor;
}
