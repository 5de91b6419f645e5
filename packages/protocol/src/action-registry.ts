import type { Slot } from "./vocabulary";

/**
 * Every action Parley knows, declared once. The dialogue core, the widget, the relay and the
 * dashboard read an action's channel, required slots, finished states and label from here, and
 * its request schema from `ACTION_PARAMS` (action-params.ts, which the typecheck keeps complete);
 * none of them lists action types of its own. Adding an action starts with one entry below
 * (CONTRIBUTING.md, "Adding a messaging action").
 *
 * Plain data, no zod: the script-tag loader's captions read the labels, and zod would add
 * ~8 KB gzipped to the bytes a host page loads before the visitor clicks.
 */

/** Where an action stands on the relay. `failed` is final for every action. */
export const ACTION_STATES = ["queued", "sending", "sent", "delivered", "done", "failed"] as const;
type State = (typeof ACTION_STATES)[number];

interface ChannelDefinition {
  /** The site setting (`messaging.*`) holding the "from" address; absent: the provider decides. */
  sender?: "smsFrom" | "whatsappFrom" | "emailFrom" | "voiceFrom";
  /** Where a message goes when no provider (or sender) is configured for the channel. */
  withoutProvider: "dev_outbox" | "agent_queue";
}

/** The channels the relay's outbox sends on; a provider says which of them it serves. */
export const MESSAGE_CHANNELS = {
  sms: { sender: "smsFrom", withoutProvider: "dev_outbox" },
  whatsapp: { sender: "whatsappFrom", withoutProvider: "dev_outbox" },
  email: { sender: "emailFrom", withoutProvider: "dev_outbox" },
  /** A scheduled callback's call; with no voice number a human agent places it from their queue. */
  voice: { sender: "voiceFrom", withoutProvider: "agent_queue" },
} as const satisfies Record<string, ChannelDefinition>;
export type MessageChannel = keyof typeof MESSAGE_CHANNELS;

export interface ActionDefinition {
  /** What the visitor (caption) and the dashboard call it. */
  label: string;
  /** How the agent names it in a sentence ("I couldn't send the email just now"). */
  spokenName: string;
  /** The caption once it finished well; `{key}` is filled from the relay's result. */
  doneText: string;
  /**
   * `message`: the relay sends it to the visitor on `channel`; `record`: the relay stores it
   * (ticket, callback, escalation); both are `POST /v1/actions` requests with params in
   * ACTION_PARAMS. `read`: a read tool the device runs itself (no request).
   */
  kind: "message" | "record" | "read";
  /** The outbox channel its message goes out on; null when it sends nothing to anyone. */
  channel: MessageChannel | null;
  /** What the dialogue core must know before it may request it. */
  requiredSlots: readonly Slot[];
  /** The states in which it finished well: the widget stops following it, the dashboard shows it done. */
  finishedStates: readonly State[];
  /** The agent tells the visitor it is doing this, so a brain's wording must agree about it. */
  announced: boolean;
  /** Once requested, the call is for a human agent: the widget waits for one. */
  handsOff: boolean;
}

/** A message is finished once the provider took it (`done`: kept in the dev outbox). */
const MESSAGE_FINISHED = ["sent", "delivered", "done"] as const satisfies readonly State[];
/** A record (ticket, callback, escalation) is finished as soon as the relay stored it. */
const RECORD_FINISHED = ["done"] as const satisfies readonly State[];

/** In this order in the agent turn's JSON Schema (the enum a model is steered by). */
export const ACTIONS = {
  send_email: {
    label: "Email",
    spokenName: "the email",
    doneText: "Email sent",
    kind: "message",
    channel: "email",
    requiredSlots: ["email"],
    finishedStates: MESSAGE_FINISHED,
    announced: true,
    handsOff: false,
  },
  send_sms: {
    label: "SMS",
    spokenName: "the text message",
    doneText: "SMS sent",
    kind: "message",
    channel: "sms",
    requiredSlots: ["phone"],
    finishedStates: MESSAGE_FINISHED,
    announced: true,
    handsOff: false,
  },
  send_whatsapp: {
    label: "WhatsApp message",
    spokenName: "the WhatsApp message",
    doneText: "WhatsApp message sent",
    kind: "message",
    channel: "whatsapp",
    requiredSlots: ["whatsapp_number"],
    finishedStates: MESSAGE_FINISHED,
    announced: true,
    handsOff: false,
  },
  schedule_callback: {
    label: "Callback",
    spokenName: "the callback request",
    doneText: "Callback scheduled",
    kind: "record",
    channel: "voice",
    requiredSlots: ["phone", "callback_time"],
    finishedStates: RECORD_FINISHED,
    announced: true,
    handsOff: false,
  },
  create_ticket: {
    label: "Support ticket",
    spokenName: "the support ticket",
    doneText: "Support ticket {ticketNumber} created",
    kind: "record",
    channel: null,
    requiredSlots: ["issue_type"],
    finishedStates: RECORD_FINISHED,
    announced: false,
    handsOff: false,
  },
  update_ticket: {
    label: "Ticket update",
    spokenName: "the ticket update",
    doneText: "Support ticket updated",
    kind: "record",
    channel: null,
    requiredSlots: [],
    finishedStates: RECORD_FINISHED,
    announced: false,
    handsOff: false,
  },
  lookup_order: {
    label: "Order lookup",
    spokenName: "the order lookup",
    doneText: "Order looked up",
    kind: "read",
    channel: null,
    requiredSlots: ["order_id"],
    finishedStates: [],
    announced: false,
    handsOff: false,
  },
  fetch_document: {
    label: "Document",
    spokenName: "the document",
    doneText: "Document found",
    kind: "read",
    channel: null,
    requiredSlots: ["details_type"],
    finishedStates: [],
    announced: false,
    handsOff: false,
  },
  escalate_to_human: {
    label: "Transfer to a person",
    spokenName: "the transfer request",
    doneText: "A support agent has been notified",
    kind: "record",
    channel: null,
    requiredSlots: [],
    finishedStates: RECORD_FINISHED,
    announced: true,
    handsOff: true,
  },
} as const satisfies Record<string, ActionDefinition>;

type Actions = typeof ACTIONS;
type Name = keyof Actions;

/** Every action type, in registry order. */
export const ACTION_TYPES = Object.keys(ACTIONS) as [Name, ...Name[]];

/** The actions the relay carries out (`POST /v1/actions`); the others are read tools on the device. */
export type RelayActionType = {
  [K in Name]: Actions[K]["kind"] extends "read" ? never : K;
}[Name];
export const RELAY_ACTION_TYPES = ACTION_TYPES.filter((type) => ACTIONS[type].kind !== "read") as [
  RelayActionType,
  ...RelayActionType[],
];

/** The messaging actions (send_email, send_sms, …), each with the channel it sends on. */
export const MESSAGING_ACTIONS = ACTION_TYPES.flatMap((type) => {
  const definition: ActionDefinition = ACTIONS[type];
  return definition.kind === "message" && definition.channel
    ? [{ type, label: definition.label, channel: definition.channel }]
    : [];
});

/** The definition of an action type read from storage or the wire; undefined for one Parley does not know. */
export function actionDefinition(type: string): ActionDefinition | undefined {
  return Object.hasOwn(ACTIONS, type) ? ACTIONS[type as Name] : undefined;
}

/** Whether an action in `state` finished well (an unknown type: a message's finished states). */
export function actionFinishedWell(type: string, state: string): boolean {
  const finished: readonly string[] = actionDefinition(type)?.finishedStates ?? MESSAGE_FINISHED;
  return finished.includes(state);
}

/** Whether an action in `state` is over: finished well, or failed. */
export function actionIsOver(type: string, state: string): boolean {
  return state === "failed" || actionFinishedWell(type, state);
}
