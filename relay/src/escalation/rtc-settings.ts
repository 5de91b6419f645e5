/**
 * How both peers of a handoff's voice call reach each other: the site's ICE servers (STUN, and
 * TURN with its credentials, for visitors behind NATs that block a direct path) and whether the
 * call must go through TURN. Given to the visitor's widget and the agent's console alike.
 */
import type { RtcSettings } from "@parley/protocol";
import type { RelayContext } from "../context";

export function rtcSettingsOf(ctx: Pick<RelayContext, "sites">, siteId: string): RtcSettings {
  const handoff = ctx.sites.get(siteId)?.handoff;
  return {
    iceServers: handoff?.iceServers ?? [],
    iceTransportPolicy: handoff?.iceTransportPolicy ?? "all",
  };
}
