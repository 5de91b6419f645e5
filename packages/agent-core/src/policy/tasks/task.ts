import type { ActionType, DetailsType, Intent, Slot } from "@parley/protocol";
import type { KnowledgeDocument } from "../../retrieval/retriever";
import type { DialogueState, OpenTask } from "../dialogue-state";
import type { Draft, PlanInput } from "../draft";
import type { SentenceId } from "../sentences/catalogue";

/** The intents that open a task: something the agent does over one or more turns. */
export type TaskIntent = OpenTask["intent"];

export const TASK_INTENTS: ReadonlySet<Intent> = new Set<TaskIntent>([
  "send_details_email",
  "send_details_whatsapp",
  "send_details_sms",
  "callback_request",
  "complaint",
  "order_status",
]);

/** What a task's steps work with. */
export interface TaskContext {
  state: DialogueState;
  d: Draft;
  input: PlanInput;
  task: OpenTask;
  /** The document the task is about ("the refund policy"), if any. */
  doc: KnowledgeDocument | null;
  /** What is being sent: the task's type, else the document's. */
  detailsType: DetailsType | null;
  /** The thing being sent, long and short ("the complete refund policy", "the refund policy"). */
  thing: string;
  shortThing: string;
}

/**
 * One task the agent can carry out, the way the relay's action handlers are one entry each:
 * the slots it asks for, the actions it takes, the sentences it says, and its steps.
 */
export interface TaskDefinition {
  intent: TaskIntent;
  /** Every slot it may ask for, in asking order. */
  slots: readonly Slot[];
  /** The actions it can take (the turn's `actions`; side effects go to the relay as requests). */
  actions: readonly ActionType[];
  /** The catalogue sentences it says. */
  sentences: readonly SentenceId[];
  /** The slots still missing now (first one is asked). */
  missing(task: OpenTask, state: DialogueState): Slot[];
  /** Said before the question for `slot` (null: the question alone). */
  leadIn?(ctx: TaskContext, slot: Slot, invalid: Slot | null): string | null;
  /** Every slot is there: make the requests and say so. Returns the slot that held the phone. */
  complete(ctx: TaskContext): "phone" | "whatsapp_number" | null;
}

export function orderFound(state: DialogueState): boolean {
  return state.currentOrderId !== null && state.orders[state.currentOrderId] != null;
}

/** "details_type" when nothing says what to send (no type named, no document discussed). */
export function needsWhat(task: OpenTask, state: DialogueState): Slot[] {
  return !task.details_type && !state.lastDocument ? ["details_type"] : [];
}
