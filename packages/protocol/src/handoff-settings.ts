/**
 * A site's handoff settings (part of its config): how long a visitor may wait for a person, and
 * the ICE servers (STUN/TURN) both peers of the voice call use. Kept apart from handoff.ts so the
 * site config can read it without importing the relay API's schemas.
 */
import { z } from "zod";

/** One ICE server (STUN or TURN) as RTCPeerConnection takes it. */
const iceUrl = z
  .string()
  .max(300)
  .regex(/^(stun|stuns|turn|turns):/, { message: "must be a stun: or turn: URL" });

export const IceServer = z.strictObject({
  urls: z.union([iceUrl, z.array(iceUrl).min(1).max(8)]),
  username: z.string().max(200).optional(),
  credential: z.string().max(200).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/** What both peers of a handoff's voice call use to reach each other. */
export const RtcSettings = z.strictObject({
  iceServers: z.array(IceServer).max(8),
  /** "relay" forces the call through TURN (visitors behind strict NATs, or to hide addresses). */
  iceTransportPolicy: z.enum(["all", "relay"]),
});
export type RtcSettings = z.infer<typeof RtcSettings>;

/** The handoff part of a site's config. */
export const HandoffSettings = z.strictObject({
  /** How long a visitor waits for a person before the widget offers a callback, ms. */
  maxWaitMs: z
    .number()
    .int()
    .min(5_000)
    .max(30 * 60_000)
    .default(120_000),
  iceServers: z.array(IceServer).max(8).default([]),
  iceTransportPolicy: z.enum(["all", "relay"]).default("all"),
});
export type HandoffSettings = z.infer<typeof HandoffSettings>;
