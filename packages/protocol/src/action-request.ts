import { z } from "zod";
import { ACTION_PARAMS, ActionState } from "./action-params";
import { RELAY_ACTION_TYPES, type RelayActionType } from "./action-registry";
import { id } from "./formats";
import { ApiError } from "./relay-api";

/**
 * The wire form of an action (`POST /v1/actions`) and of its outcome, built from the action
 * registry: one request shape per relay action, its `params` the registry entry's schema.
 */

const idempotencyKey = z
  .string()
  .min(8, { message: "must be at least 8 characters" })
  .max(128, { message: "must be at most 128 characters" })
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: "may contain only letters, digits and _ . : -" });

type RequestSchema<T extends RelayActionType> = z.ZodObject<
  {
    type: z.ZodLiteral<T>;
    idempotencyKey: typeof idempotencyKey;
    params: (typeof ACTION_PARAMS)[T];
  },
  z.core.$strict
>;
type AnyRequestSchema = { [T in RelayActionType]: RequestSchema<T> }[RelayActionType];

function requestSchema<T extends RelayActionType>(type: T): RequestSchema<T> {
  return z.strictObject({
    type: z.literal(type),
    idempotencyKey,
    params: ACTION_PARAMS[type],
  }) as RequestSchema<T>;
}

export const ActionRequest = z.discriminatedUnion(
  "type",
  RELAY_ACTION_TYPES.map(requestSchema) as [AnyRequestSchema, ...AnyRequestSchema[]],
);
export type ActionRequest = z.infer<typeof ActionRequest>;
export type ActionRequestType = ActionRequest["type"];
/** The params of one action type's request. */
export type ActionParams<T extends ActionRequestType> = Extract<
  ActionRequest,
  { type: T }
>["params"];

export const ActionAccepted = z.strictObject({
  actionId: id,
  status: ActionState,
  /** True when this idempotency key was seen before: nothing new was done. */
  duplicate: z.boolean(),
});
export type ActionAccepted = z.infer<typeof ActionAccepted>;

export const ActionResult = z.strictObject({
  actionId: id,
  type: z.enum(RELAY_ACTION_TYPES),
  status: ActionState,
  /** E.g. `{ ticketNumber: "#12345" }`, `{ callbackId, time }`, `{ agent: "John" }`. */
  result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  error: ApiError.shape.error.optional(),
});
export type ActionResult = z.infer<typeof ActionResult>;
