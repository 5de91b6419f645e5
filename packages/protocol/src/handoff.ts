/**
 * The warm handoff's messages: what the visitor's widget and the agent console post to each
 * other through the relay (WebRTC signalling and chat), what the relay writes itself (accepted,
 * ended, withdrawn), and what the visitor's long-poll reads. One definition for the relay (which
 * validates), the agent console and the widget (which read).
 */
import { z } from "zod";
import { RtcSettings } from "./handoff-settings";
import { TicketStatus } from "./action-params";

/** Who wrote a handoff message. */
export const HandoffSender = z.enum(["visitor", "agent", "system"]);
export type HandoffSender = z.infer<typeof HandoffSender>;

/**
 * Where an escalation stands: offered to an agent (`assigned`), waiting for one (`queued`), a
 * human on the line (`accepted`), finished by the agent with a resolution (`ended`), or taken
 * back before it ended (`withdrawn`: the visitor went back to the AI, hung up, or nobody came).
 */
export const EscalationState = z.enum(["queued", "assigned", "accepted", "ended", "withdrawn"]);
export type EscalationState = z.infer<typeof EscalationState>;

const sdp = z.strictObject({ type: z.enum(["offer", "answer"]), sdp: z.string().max(20_000) });

/** What either side may post; everything else (accepted, ended, withdrawn) only the relay writes. */
export const PeerMessage = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("offer"), payload: sdp }),
  z.strictObject({ kind: z.literal("answer"), payload: sdp }),
  z.strictObject({
    kind: z.literal("candidate"),
    payload: z.strictObject({
      candidate: z.string().max(2000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.strictObject({
    kind: z.literal("chat"),
    payload: z.strictObject({ text: z.string().trim().min(1).max(2000) }),
  }),
  z.strictObject({
    kind: z.literal("rtc_unavailable"),
    payload: z.strictObject({ reason: z.string().max(200) }),
  }),
  z.strictObject({ kind: z.literal("rtc_connected"), payload: z.strictObject({}) }),
]);
export type PeerMessage = z.infer<typeof PeerMessage>;
/** The signalling kinds of PeerMessage (everything but chat). */
export type SignalKind = Exclude<PeerMessage["kind"], "chat">;

/** Why an escalation was withdrawn before an agent ended it. */
export const WithdrawReason = z.enum([
  /** The visitor chose to go back to the AI assistant. */
  "back_to_ai",
  /** The visitor ended the call or closed the page. */
  "hung_up",
  /** Nobody took the call within the site's wait: the visitor was offered a callback instead. */
  "no_agent",
]);
export type WithdrawReason = z.infer<typeof WithdrawReason>;

/** POST /v1/handoff/withdraw: the visitor takes the transfer back. */
export const WithdrawHandoff = z.strictObject({ reason: WithdrawReason });
export type WithdrawHandoff = z.infer<typeof WithdrawHandoff>;

/** The agent ends the handoff with a resolution (POST …/escalations/:id/end). */
export const EndHandoff = z.strictObject({
  resolution: z.string().trim().min(1).max(1000),
  ticketStatus: TicketStatus.default("resolved"),
});
export type EndHandoff = z.infer<typeof EndHandoff>;

/** One handoff message as both sides read it. */
export const HandoffMessage = z.object({
  id: z.number().int(),
  sender: HandoffSender,
  kind: z.string(),
  payload: z.record(z.string(), z.unknown()),
  at: z.number(),
});
export type HandoffMessage = z.infer<typeof HandoffMessage>;

/** GET /v1/handoff: the call's latest escalation as the visitor may see it, and new messages. */
export const HandoffStatus = z.object({
  escalation: z
    .object({
      id: z.string(),
      state: EscalationState,
      category: z.string(),
      agentName: z.string().nullable(),
      /** 1 = next in line; null when an agent has it. */
      queuePosition: z.number().int().nullable(),
      /** When the visitor started waiting (ms since the epoch). */
      createdAt: z.number(),
      /** How long the site lets a visitor wait for a person before offering a callback, ms. */
      maxWaitMs: z.number().int(),
      /** False when no agent who could take the call is at work (all away or offline). */
      anyoneOnDuty: z.boolean(),
      rtc: RtcSettings,
    })
    .nullable(),
  messages: z.array(HandoffMessage),
});
export type HandoffStatus = z.infer<typeof HandoffStatus>;
