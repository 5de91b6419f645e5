import { addAction, request } from "../draft";
import { describeWhen } from "@parley/protocol";
import type { TaskDefinition } from "./task";

export const callback: TaskDefinition = {
  intent: "callback_request",
  slots: ["callback_time", "phone"],
  actions: ["schedule_callback", "send_sms"],
  sentences: [
    "leadInCallback",
    "askCallbackTime",
    "askCallbackTimeOnDay",
    "askPhoneForCallback",
    "callbackScheduled",
    "anythingElse",
  ],
  missing: (_task, state) => [
    ...(state.known.callback_time ? [] : ["callback_time" as const]),
    ...(state.known.phone ? [] : ["phone" as const]),
  ],
  leadIn: ({ d }, slot, invalid) =>
    slot === "callback_time" && !invalid && !d.fromContext ? d.say("leadInCallback") : null,
  complete({ state, d, input }) {
    const k = state.known;
    d.entities.callback_time = k.callback_time;
    if (k.callback_date) d.entities.callback_date = k.callback_date;
    d.entities.phone = k.phone;
    request(state, d, {
      type: "schedule_callback",
      idempotencyKey: input.key("schedule_callback"),
      params: {
        phone: k.phone,
        time: k.callback_time,
        reason: "Callback requested by the visitor",
      },
    });
    request(state, d, {
      type: "send_sms",
      idempotencyKey: input.key("send_sms"),
      params: { to: k.phone, template: "callback_confirmation", callbackTime: k.callback_time },
    });
    addAction(d, "schedule_callback");
    addAction(d, "send_sms");
    k.preferred_channel = "call";
    const when = describeWhen(new Date(k.callback_time!), input.now, input.site.timezone);
    d.response = d.say("callbackScheduled", { when });
    d.followUp = d.say("anythingElse");
    return "phone";
  },
};
