import { speakPhone } from "../speech";
import { addAction, request } from "../draft";
import { needsWhat, type TaskDefinition } from "./task";

export const sendEmail: TaskDefinition = {
  intent: "send_details_email",
  slots: ["details_type", "email"],
  actions: ["send_email", "fetch_document"],
  sentences: ["askEmail", "emailSending", "emailSent", "anythingElse"],
  missing: (task, state) => [
    ...needsWhat(task, state),
    ...(state.known.email ? [] : ["email" as const]),
  ],
  complete({ state, d, input, doc, detailsType, thing, shortThing }) {
    const k = state.known;
    d.entities.channel = "email";
    d.entities.email = k.email;
    const orderMail =
      (detailsType === "order_details" || detailsType === "tracking") && state.currentOrderId;
    request(state, d, {
      type: "send_email",
      idempotencyKey: input.key("send_email"),
      params: orderMail
        ? { to: k.email, template: "order_update", orderId: state.currentOrderId }
        : { to: k.email, template: "document", ...(doc ? { documentId: doc.id } : {}) },
    });
    addAction(d, "send_email");
    if (doc) addAction(d, "fetch_document");
    d.response = d.say("emailSending", { thing });
    d.followUp = `${d.say("emailSent", { thing: shortThing })} ${d.say("anythingElse")}`;
    return null;
  },
};

export const sendWhatsapp: TaskDefinition = {
  intent: "send_details_whatsapp",
  slots: ["details_type", "whatsapp_number"],
  actions: ["send_whatsapp", "fetch_document"],
  sentences: ["askWhatsappNumber", "leadInSure", "whatsappSending", "whatsappSent"],
  missing: (task, state) => [
    ...needsWhat(task, state),
    ...(state.known.whatsapp_number ? [] : ["whatsapp_number" as const]),
  ],
  leadIn: ({ d }, slot, invalid) =>
    slot === "whatsapp_number" && !invalid && !d.fromContext ? d.say("leadInSure") : null,
  complete({ state, d, input, doc, detailsType, thing, shortThing }) {
    const k = state.known;
    d.entities.channel = "whatsapp";
    d.entities.whatsapp_number = k.whatsapp_number;
    request(state, d, {
      type: "send_whatsapp",
      idempotencyKey: input.key("send_whatsapp"),
      params: {
        to: k.whatsapp_number,
        template: detailsType === "product_catalog" ? "catalog" : "document",
        ...(doc ? { documentId: doc.id } : {}),
      },
    });
    addAction(d, "send_whatsapp");
    addAction(d, "fetch_document");
    const number = speakPhone(k.whatsapp_number!, input.site.defaultRegion);
    d.response = d.say("whatsappSending", { thing, number });
    d.followUp = `${d.say("whatsappSent", { thing: shortThing })} ${d.say("anythingElseShort")}`;
    return "whatsapp_number";
  },
};

export const sendSms: TaskDefinition = {
  intent: "send_details_sms",
  slots: ["details_type", "phone"],
  actions: ["send_sms"],
  sentences: ["askPhoneForText", "smsSending", "anythingElse"],
  missing: (task, state) => [
    ...(task.details_type === "tracking" && state.currentOrderId ? [] : needsWhat(task, state)),
    ...(state.known.phone ? [] : ["phone" as const]),
  ],
  complete({ state, d, input, doc, detailsType, thing }) {
    const k = state.known;
    d.entities.channel = "sms";
    d.entities.phone = k.phone;
    const tracking = detailsType === "tracking" && state.currentOrderId;
    request(state, d, {
      type: "send_sms",
      idempotencyKey: input.key("send_sms"),
      params: tracking
        ? { to: k.phone, template: "order_tracking", orderId: state.currentOrderId }
        : { to: k.phone, template: "document_link", ...(doc ? { documentId: doc.id } : {}) },
    });
    addAction(d, "send_sms");
    const number = speakPhone(k.phone!, input.site.defaultRegion);
    d.response = d.say("smsSending", { thing, number });
    d.followUp = d.say("anythingElse");
    return "phone";
  },
};
