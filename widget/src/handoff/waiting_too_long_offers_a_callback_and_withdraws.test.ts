import { afterEach, describe, expect, it, vi } from "vitest";
import type { HandoffStatus as WireStatus } from "@parley/protocol";
import type { HandoffStatus } from "../core/voice-agent";
import { startHandoffController, type HandoffOutcome } from "./handoff-controller";

/**
 * The widget's transfer controller against a scripted relay (fetch): what the visitor is told
 * while waiting, when the site's wait runs out, and when the agent joins, chats and ends. Typed
 * calls only here (no microphone, so no WebRTC under Node).
 */

const T0 = 1_800_000_000_000;

function escalation(patch: Partial<NonNullable<WireStatus["escalation"]>> = {}) {
  return {
    id: "esc_1",
    state: "queued" as const,
    category: "technical",
    agentName: null,
    queuePosition: 2,
    createdAt: T0,
    maxWaitMs: 30_000,
    anyoneOnDuty: true,
    rtc: { iceServers: [], iceTransportPolicy: "all" as const },
    ...patch,
  };
}

/** A relay that answers each long-poll with the next scripted status, then holds. */
function scriptedRelay(script: WireStatus[]) {
  const posts: Array<{ path: string; body: unknown }> = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    if (init?.method === "POST") {
      posts.push({ path, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ ok: true }), { status: 201 });
    }
    const next = script.shift();
    if (!next) {
      // Hold like a long-poll until aborted.
      await new Promise((_, reject) =>
        init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    }
    return new Response(JSON.stringify(next), { status: 200 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, posts };
}

function follow(script: WireStatus[], clock: { t: number }) {
  const relay = scriptedRelay(script);
  const statuses: HandoffStatus[] = [];
  const chat: string[] = [];
  const connected: string[] = [];
  let outcome: HandoffOutcome | null = null;
  const controller = startHandoffController({
    relayUrl: "http://relay.test",
    token: "t",
    onStatus: (s) => statuses.push(s),
    onChat: (line) => chat.push(`${line.speaker}: ${line.text}`),
    onConnected: (name) => connected.push(name),
    onFinished: (o) => (outcome = o),
    tickMs: 5,
    now: () => clock.t,
    fetchImpl: relay.fetch,
  });
  return { controller, relay, statuses, chat, connected, outcome: () => outcome };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe("waiting for a person", () => {
  it("shows the queue position, then gives up after the site's wait, withdraws and offers a callback", async () => {
    const clock = { t: T0 + 1_000 };
    const f = follow([{ escalation: escalation(), messages: [] }], clock);
    stop = () => f.controller.dispose();
    await vi.waitFor(() => expect(f.statuses.at(-1)?.queuePosition).toBe(2));
    expect(f.statuses.at(-1)).toMatchObject({ phase: "waiting", waitingSince: T0 });
    expect(f.outcome()).toBeNull();

    clock.t = T0 + 30_001;
    await vi.waitFor(() => expect(f.outcome()).toEqual({ kind: "unavailable" }));
    expect(f.statuses.at(-1)!.phase).toBe("unavailable");
    await vi.waitFor(() =>
      expect(f.relay.posts).toContainEqual({
        path: "/v1/handoff/withdraw",
        body: { reason: "no_agent" },
      }),
    );
  });

  it("says at once that nobody can come when no agent who fits is at work", async () => {
    const clock = { t: T0 + 1_000 };
    const f = follow([{ escalation: escalation({ anyoneOnDuty: false }), messages: [] }], clock);
    stop = () => f.controller.dispose();
    await vi.waitFor(() => expect(f.outcome()).toEqual({ kind: "unavailable" }));
  });

  it("connects, carries chat both ways and ends with the agent's resolution and ticket", async () => {
    const clock = { t: T0 + 1_000 };
    const accepted = escalation({ state: "accepted", agentName: "John", queuePosition: null });
    const at = T0 + 2_000;
    const f = follow(
      [
        {
          escalation: accepted,
          messages: [
            {
              id: 1,
              sender: "system",
              kind: "accepted",
              payload: { agentName: "John", text: "You're now connected to John." },
              at,
            },
            { id: 2, sender: "agent", kind: "chat", payload: { text: "Hi, John here." }, at },
          ],
        },
        {
          escalation: { ...accepted, state: "ended" },
          messages: [
            {
              id: 3,
              sender: "system",
              kind: "ended",
              payload: { resolution: "v2.0 is supported", ticketNumber: "#12346" },
              at,
            },
          ],
        },
      ],
      clock,
    );
    stop = () => f.controller.dispose();
    await vi.waitFor(() =>
      expect(f.outcome()).toEqual({
        kind: "ended",
        resolution: "v2.0 is supported",
        ticketNumber: "#12346",
      }),
    );
    expect(f.connected).toEqual(["John"]);
    expect(f.chat).toEqual(["human_agent: Hi, John here."]);
    expect(f.statuses.at(-1)).toMatchObject({
      phase: "ended",
      agentName: "John",
      voice: "off",
      ticketNumber: "#12346",
    });
    // A typed call tells the agent there will be no voice.
    expect(f.relay.posts).toContainEqual({
      path: "/v1/handoff/messages",
      body: { kind: "rtc_unavailable", payload: { reason: "the visitor is typing" } },
    });
    // Nothing more can be sent once it ended.
    expect(await f.controller.sendChat("still there?")).toBe(false);
  });
});
