/**
 * Fifty scripted visitors, modelled on the five reference conversations: each opens a session,
 * records its call events (greeting, one turn_started/turn_ended pair per turn, lead updates,
 * the end of the call) and requests its actions at human pace — the pauses a person takes
 * between turns and the time the device spends thinking — exactly as the widget would over HTTP.
 *
 * Everything a call sends is also written down (`SentLog`) so the checks afterwards can compare
 * what reached the relay's database and feed with what was sent.
 */
import { ActionRequest, CallEvent, type Intent } from "@parley/protocol";

export type CallKind =
  "policy_email" | "callback" | "whatsapp_catalog" | "complaint" | "escalation";
export const CALL_KINDS: CallKind[] = [
  "policy_email",
  "callback",
  "whatsapp_catalog",
  "complaint",
  "escalation",
];

export interface Turn {
  user: string;
  agent: string;
  intent: Intent;
  stage:
    | "understanding"
    | "clarification"
    | "resolution"
    | "sending_communications"
    | "escalation"
    | "closing";
  status: "active" | "clarification" | "background_processing" | "waiting_for_human";
  sentiment: "angry" | "negative" | "neutral" | "positive";
  missing?: ("email" | "phone" | "whatsapp_number" | "callback_time" | "order_id")[];
  usedKnowledge?: boolean;
  lead?: {
    phone?: string;
    email?: string;
    preferred_channel?: "email" | "sms" | "whatsapp" | "call";
  };
  lookupOrder?: string;
  /** Actions requested once the turn has been spoken (params only; keys are added by the runner). */
  actions?: Omit<ActionRequest, "idempotencyKey">[];
}

export interface CallScript {
  index: number;
  kind: CallKind;
  phone: string;
  email: string;
  ip: string;
  greeting: boolean;
  turns: Turn[];
  endReason: "completed" | "escalated";
}

/** Tomorrow 10:00 in Asia/Kolkata (the TechCorp site's zone), as ISO 8601 with offset. */
export function tomorrowTenIst(now = Date.now()): string {
  const ist = new Date(now + 5.5 * 3600_000);
  ist.setUTCDate(ist.getUTCDate() + 1);
  const day = ist.toISOString().slice(0, 10);
  return `${day}T10:00:00+05:30`;
}

const handoff = (phone: string) => ({
  customer: "visitor",
  conversation_history: [
    { speaker: "visitor" as const, text: "Do you have integration with Salesforce API v2.0?" },
    {
      speaker: "agent" as const,
      text: "I don't have specific information about that. Shall I connect you?",
    },
  ],
  query: "Salesforce API v2.0 integration",
  customer_data: { phone },
  ai_attempted: true,
  reason: "Technical query outside knowledge base",
});

export function buildScript(index: number, callbackTime: string): CallScript {
  const kind = CALL_KINDS[index % CALL_KINDS.length]!;
  const phone = `+9198765${String(40000 + index).padStart(5, "0")}`;
  const email = `visitor${index}@example.com`;
  const ip = `10.1.${Math.floor(index / 200)}.${(index % 200) + 1}`;
  const closing: Turn = {
    user: "No, that's all. Thank you!",
    agent: "Thank you for calling TechCorp. Have a great day!",
    intent: "goodbye",
    stage: "closing",
    status: "active",
    sentiment: "positive",
  };
  const base = { index, kind, phone, email, ip, endReason: "completed" as const };
  switch (kind) {
    case "policy_email":
      return {
        ...base,
        greeting: true,
        turns: [
          {
            user: "What is your refund policy?",
            agent: "We offer a 30-day money-back guarantee.",
            intent: "policy_query",
            stage: "resolution",
            status: "active",
            sentiment: "neutral",
            usedKnowledge: true,
          },
          {
            user: `Okay, can you send me the full policy on email? It's visitor${index} at example dot com`,
            agent: "Absolutely! I'll send the complete refund policy to your email right away.",
            intent: "send_details_email",
            stage: "sending_communications",
            status: "background_processing",
            sentiment: "positive",
            lead: { email, preferred_channel: "email" },
            actions: [
              {
                type: "send_email",
                params: { to: email, template: "document", documentId: "refund_policy" },
              },
            ],
          },
          closing,
        ],
      };
    case "callback":
      return {
        ...base,
        greeting: false,
        turns: [
          {
            user: "Hi, I want to schedule a callback",
            agent: "I'd be happy to schedule that. What time works best for you?",
            intent: "callback_request",
            stage: "clarification",
            status: "clarification",
            sentiment: "neutral",
            missing: ["callback_time"],
          },
          {
            user: "Tomorrow at 10 AM",
            agent: "Perfect! I'll schedule a callback for tomorrow at 10 AM.",
            intent: "callback_request",
            stage: "sending_communications",
            status: "background_processing",
            sentiment: "positive",
            lead: { phone, preferred_channel: "call" },
            actions: [
              {
                type: "schedule_callback",
                params: { phone, time: callbackTime, reason: "Callback requested on the website" },
              },
            ],
          },
          closing,
        ],
      };
    case "whatsapp_catalog":
      return {
        ...base,
        greeting: true,
        turns: [
          {
            user: "Send me your product catalog on WhatsApp",
            agent: "Sure! May I have your WhatsApp number to send the catalog?",
            intent: "send_details_whatsapp",
            stage: "clarification",
            status: "clarification",
            sentiment: "neutral",
            missing: ["whatsapp_number"],
          },
          {
            user: `It's ${phone.slice(3)}`,
            agent: "Perfect! I'll send the product catalog to your WhatsApp right away.",
            intent: "send_details_whatsapp",
            stage: "sending_communications",
            status: "background_processing",
            sentiment: "positive",
            lead: { phone, preferred_channel: "whatsapp" },
            actions: [{ type: "send_whatsapp", params: { to: phone, template: "catalog" } }],
          },
          closing,
        ],
      };
    case "complaint":
      return {
        ...base,
        greeting: false,
        turns: [
          {
            user: "I ordered a laptop 5 days ago and haven't received it yet! This is unacceptable!",
            agent: "I sincerely apologize for the delay. May I have your order ID, please?",
            intent: "complaint",
            stage: "clarification",
            status: "clarification",
            sentiment: "angry",
            missing: ["order_id"],
            actions: [
              {
                type: "create_ticket",
                params: {
                  issue_type: "delivery_delay",
                  priority: "high",
                  summary: "Laptop ordered 5 days ago not received",
                },
              },
            ],
          },
          {
            user: "It's ORD98765",
            agent:
              "Good news - your laptop is out for delivery and should reach you by 6 PM today.",
            intent: "complaint",
            stage: "sending_communications",
            status: "background_processing",
            sentiment: "neutral",
            lookupOrder: "ORD98765",
            lead: { phone, email },
            actions: [
              {
                type: "send_sms",
                params: { to: phone, template: "order_tracking", orderId: "ORD98765" },
              },
              {
                type: "send_email",
                params: { to: email, template: "order_update", orderId: "ORD98765" },
              },
            ],
          },
          closing,
        ],
      };
    case "escalation":
      return {
        ...base,
        greeting: true,
        endReason: "escalated",
        turns: [
          {
            user: "Do you have integration with Salesforce API v2.0?",
            agent:
              "I don't have specific information about that. Shall I connect you with a specialist?",
            intent: "product_query",
            stage: "escalation",
            status: "active",
            sentiment: "neutral",
            usedKnowledge: false,
          },
          {
            user: "Yes, please connect me",
            agent: "Perfect! I'm transferring you to our technical team now.",
            intent: "escalation_request",
            stage: "escalation",
            status: "waiting_for_human",
            sentiment: "neutral",
            actions: [
              {
                type: "escalate_to_human",
                params: { category: "technical", urgency: "medium", handoff: handoff(phone) },
              },
            ],
          },
        ],
      };
  }
}

/** Validates every event and action a script would send, so a script error fails loudly here. */
export function checkScript(script: CallScript): void {
  for (const turn of script.turns)
    for (const a of turn.actions ?? [])
      ActionRequest.parse({ ...a, idempotencyKey: "check-key-0001" });
  void CallEvent;
}
