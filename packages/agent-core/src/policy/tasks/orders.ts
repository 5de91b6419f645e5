import type { Order } from "@parley/protocol";
import type { DialogueState, OpenTask } from "../dialogue-state";
import { addAction, request, type Draft, type PlanInput } from "../draft";
import { categoryFor, teamName } from "../escalation";
import { capitalize } from "../sentences/catalogue";
import { speakEta } from "../speech";
import { orderFound, type TaskContext, type TaskDefinition } from "./task";

const ORDER_ISSUES = new Set(["delivery_delay", "damaged_item", "wrong_item", "refund"]);

/** One sentence on where an order is; `resolved` when that answers a complaint. */
function orderSentence(
  d: Draft,
  order: Order,
  product: string | null,
  complaint: boolean,
): { text: string; resolved: boolean } {
  const status = order.status.trim();
  const lower = status.toLowerCase();
  const thing = product ? d.say("yourProduct", { product }) : d.say("yourOrder");
  const eta = order.estimated_delivery ? speakEta(order.estimated_delivery) : null;
  const moving = /out for delivery|shipped|in transit|dispatched|on (?:its|the) way/.test(lower);
  if (moving) {
    const values = {
      thing,
      status: lower,
      rightNow: /out for delivery/.test(lower) ? d.say("orderRightNow") : "",
      eta: eta ? d.say("orderReachBy", { eta }) : "",
    };
    return {
      text: d.say(complaint ? "orderMovingGoodNews" : "orderMoving", values),
      resolved: true,
    };
  }
  if (/delivered/.test(lower))
    return { text: d.say("orderDelivered", { thing }), resolved: !complaint };
  return {
    text: d.say("orderStatusIs", {
      thing,
      status,
      eta: eta ? d.say("orderExpected", { eta }) : "",
    }),
    resolved: !complaint,
  };
}

/** create_ticket once per call; later changes are update_ticket (deferred until its number is known). */
export function ticket(
  state: DialogueState,
  d: Draft,
  input: PlanInput,
  task: OpenTask,
  status: "open" | "in_progress" | "resolved",
  resolution: string | null,
  orderId: string | null,
) {
  if (!state.ticket) {
    const key = input.key("create_ticket");
    const priority = task.urgency === "high" || input.sentiment === "angry" ? "high" : "medium";
    const summary =
      `${(task.issue_type ?? "other").replace(/_/g, " ")}${task.product ? ` (${task.product})` : ""}: ${input.utterance}`
        .replace(/\s+/g, " ")
        .slice(0, 1000);
    const ok = request(state, d, {
      type: "create_ticket",
      idempotencyKey: key,
      params: {
        issue_type: task.issue_type ?? "other",
        priority,
        summary,
        ...(orderId ? { orderId } : {}),
        status,
        ...(resolution ? { resolution } : {}),
      },
    });
    if (ok) {
      state.ticket = { key, number: null, issue: task.issue_type ?? "other" };
      addAction(d, "create_ticket");
    }
    return;
  }
  addAction(d, "update_ticket");
  const update = { status, resolution: resolution ?? status };
  if (state.ticket.number) {
    request(state, d, {
      type: "update_ticket",
      idempotencyKey: input.key("update_ticket"),
      params: { ticket: state.ticket.number, ...update },
    });
  } else {
    state.deferredTicketUpdates.push(update);
  }
}

/** Complaint about an order we found: answer from the order, then SMS + email + ticket. */
function resolveComplaint({ state, d, input, task }: TaskContext) {
  const orderId = state.currentOrderId!;
  const order = state.orders[orderId]!;
  const product = task.product ?? order.product ?? null;
  const { text, resolved } = orderSentence(d, order, product, true);
  const k = state.known;
  if (input.extraction.orderId === orderId) addAction(d, "lookup_order");
  d.entities.order_id = orderId;
  d.entities.resolution_status = resolved ? "resolved" : "pending";
  const sent: string[] = [];
  if (k.phone) {
    d.entities.phone = k.phone;
    if (
      request(state, d, {
        type: "send_sms",
        idempotencyKey: input.key("send_sms"),
        params: { to: k.phone, template: "order_tracking", orderId },
      })
    )
      sent.push("sms");
    addAction(d, "send_sms");
  }
  if (k.email) {
    if (
      request(state, d, {
        type: "send_email",
        idempotencyKey: input.key("send_email"),
        params: { to: k.email, template: "order_update", orderId },
      })
    )
      sent.push("email");
    addAction(d, "send_email");
  }
  const resolution =
    `${order.status}${order.estimated_delivery ? `, ETA ${order.estimated_delivery}` : ""}`.slice(
      0,
      1000,
    );
  ticket(state, d, input, task, resolved ? "resolved" : "in_progress", resolution, orderId);
  const sms = sent.includes("sms");
  const email = sent.includes("email");
  const also = sms && email ? "alsoSmsAndEmail" : sms ? "alsoSms" : email ? "alsoEmail" : null;
  d.response = [
    d.say("complaintOrderChecked", { orderId }),
    capitalize(text),
    also ? d.say(also) : "",
    resolved ? "" : d.say("flaggedToDelivery"),
  ].join(" ");
  d.stage = d.requests.length > 0 ? "sending_communications" : "resolution";
  d.status = d.requests.length > 0 ? "background_processing" : "active";
}

export const complaint: TaskDefinition = {
  intent: "complaint",
  slots: ["order_id"],
  actions: ["create_ticket", "update_ticket", "lookup_order", "send_sms", "send_email"],
  sentences: [
    "apologyDelay",
    "apologyDamaged",
    "apologyOther",
    "askOrderId",
    "complaintOrderChecked",
    "complaintLogged",
    "complaintLoggedUrgent",
  ],
  missing: (task, state) =>
    (task.issue_type === null || ORDER_ISSUES.has(task.issue_type)) && !orderFound(state)
      ? ["order_id"]
      : [],
  leadIn: ({ d, task }, slot) =>
    slot === "order_id" && !d.fromContext && task.asked.order_id === 1
      ? d.say(
          task.issue_type === "delivery_delay"
            ? "apologyDelay"
            : task.issue_type === "damaged_item"
              ? "apologyDamaged"
              : "apologyOther",
        )
      : null,
  complete(ctx) {
    const { state, d, input, task } = ctx;
    d.entities.issue_type = task.issue_type;
    d.entities.urgency = task.urgency;
    if (task.product) d.entities.product = task.product;
    if (orderFound(state)) resolveComplaint(ctx);
    else {
      ticket(state, d, input, task, "open", null, null);
      const team = teamName(d, categoryFor(input.utterance, task.issue_type));
      d.response = `${d.say(task.urgency === "high" ? "complaintLoggedUrgent" : "complaintLogged", { team })} ${d.say("anythingElse")}`;
      state.offer = { kind: "closing" };
    }
    return null;
  },
};

export const orderStatus: TaskDefinition = {
  intent: "order_status",
  slots: ["order_id"],
  actions: ["lookup_order"],
  sentences: ["askOrderId", "orderChecked", "confirmYes", "remindSms", "remindEmail"],
  missing: (_task, state) => (orderFound(state) ? [] : ["order_id"]),
  complete({ state, d, input, task }) {
    const orderId = state.currentOrderId!;
    const order = state.orders[orderId]!;
    if (input.extraction.orderId === orderId) addAction(d, "lookup_order");
    d.entities.order_id = orderId;
    const { text } = orderSentence(d, order, task.product ?? order.product ?? null, false);
    const sentBefore = state.done.filter((s) => s.includes(orderId));
    if (input.acts.question && state.hadComplaint) {
      // A follow-up question after a complaint: reassure, and remind what was already sent.
      const sms = sentBefore.some((s) => s.startsWith("send_sms"));
      const mail = sentBefore.some((s) => s.startsWith("send_email"));
      d.response = [
        d.say("confirmYes"),
        capitalize(text),
        sms ? d.say("remindSms") : "",
        mail ? d.say(sms ? "remindEmailToo" : "remindEmail") : "",
        d.say("anythingElseShort"),
      ].join(" ");
    } else {
      d.response = `${d.say("orderChecked", { orderId })} ${capitalize(text)} ${d.say("anythingElse")}`;
    }
    state.offer = { kind: "closing" };
    d.stage = "resolution";
    return null;
  },
};
