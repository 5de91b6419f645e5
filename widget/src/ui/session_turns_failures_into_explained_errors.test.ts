import { describe, expect, it } from "vitest";
import { createAgentSession } from "./agent-session";
import { ScriptedVoiceAgent } from "./scripted-voice-agent";

const denied = () => Object.assign(new Error("Permission denied"), { name: "NotAllowedError" });

describe("agent session failures", () => {
  it("explains a denied microphone, then opens a text-only call without the microphone", async () => {
    const made: Array<{ agent: ScriptedVoiceAgent; textOnly: boolean; microphone: boolean }> = [];
    const session = createAgentSession({
      createAgent: async (overrides) => {
        // Voice calls get the watched microphone; text-only calls ask for no listening at all.
        const textOnly = overrides.speechRecognition === false;
        const agent = new ScriptedVoiceAgent({
          // The microphone is refused; a text-only call never asks for it and opens fine.
          onStart: textOnly
            ? [
                { event: "state", payload: "loading" },
                { event: "state", payload: "listening" },
              ]
            : [{ event: "state", payload: "requesting_microphone" }, denied()],
          onText: (text) => [
            {
              event: "caption",
              payload: { id: "v1", speaker: "visitor", text, final: true, at: 1 },
            },
            {
              event: "caption",
              payload: { id: "a1", speaker: "agent", text: "Sure.", final: true, at: 2 },
            },
          ],
        });
        made.push({ agent, textOnly, microphone: overrides.getAudioStream !== undefined });
        return agent;
      },
    });

    await expect(session.start()).resolves.toBeUndefined();
    expect(session.getSnapshot().error?.code).toBe("microphone_denied");
    expect(session.getSnapshot().inCall).toBe(false);

    await session.sendText("  what is your refund policy  ");
    expect(made).toHaveLength(2);
    expect(made[0]?.agent.disposed).toBe(true);
    expect(made[0]).toMatchObject({ textOnly: false, microphone: true });
    expect(made[1]).toMatchObject({ textOnly: true, microphone: false });
    expect(made[1]?.agent.calls).toEqual(["start", "text:what is your refund policy"]);
    expect(session.getSnapshot()).toMatchObject({
      textOnly: true,
      inCall: true,
      error: null,
      state: "listening",
    });
    expect(session.getSnapshot().transcript.map((t) => t.text)).toEqual([
      "what is your refund policy",
      "Sure.",
    ]);

    // A second message goes to the same call.
    await session.sendText("thanks");
    expect(made).toHaveLength(2);
    expect(made[1]?.agent.calls).toContain("text:thanks");
  });

  it("says support is unreachable when that is why the knowledge download failed, and keeps a running call", async () => {
    const unreachable = {
      code: "relay_unreachable" as const,
      message: "support could not be reached",
      retryable: true,
    };
    const failing = new ScriptedVoiceAgent({
      onStart: [
        { event: "state", payload: "loading" },
        { event: "error", payload: unreachable },
        {
          event: "error",
          payload: { code: "download_failed", message: "index: fetch failed", retryable: true },
        },
        { event: "state", payload: "error" },
      ],
    });
    const session = createAgentSession({ createAgent: async () => failing });
    await session.start();
    expect(session.getSnapshot()).toMatchObject({
      state: "error",
      inCall: false,
      error: { code: "relay_unreachable" },
    });

    const degraded = new ScriptedVoiceAgent({
      onStart: [
        { event: "state", payload: "loading" },
        { event: "error", payload: unreachable },
        { event: "state", payload: "listening" },
      ],
    });
    const second = createAgentSession({ createAgent: async () => degraded });
    await second.start();
    expect(second.getSnapshot()).toMatchObject({
      state: "listening",
      inCall: true,
      error: { code: "relay_unreachable" },
    });
  });

  it("keeps the error the agent emitted rather than inventing another", async () => {
    const agent = new ScriptedVoiceAgent({
      onStart: [
        {
          event: "error",
          payload: { code: "relay_unreachable", message: "fetch failed", retryable: true },
        },
        new Error("fetch failed"),
      ],
    });
    const session = createAgentSession({ createAgent: async () => agent });
    await session.start();
    expect(session.getSnapshot().error).toEqual({
      code: "relay_unreachable",
      message: "fetch failed",
      retryable: true,
    });
  });

  it("reports a pipeline that cannot be downloaded as retryable, and retries with a fresh agent", async () => {
    let attempts = 0;
    const agents: ScriptedVoiceAgent[] = [];
    const session = createAgentSession({
      createAgent: async () => {
        attempts++;
        if (attempts === 1) throw new TypeError("Failed to fetch dynamically imported module");
        const agent = new ScriptedVoiceAgent();
        agents.push(agent);
        return agent;
      },
    });
    await session.start();
    expect(session.getSnapshot().error).toMatchObject({ code: "download_failed", retryable: true });

    await session.retry();
    expect(session.getSnapshot().error).toBeNull();
    expect(session.getSnapshot().state).toBe("listening");
    expect(session.getSnapshot().inCall).toBe(true);
    expect(agents).toHaveLength(1);
  });

  it("never calls the pipeline before the visitor acts", async () => {
    let created = 0;
    const session = createAgentSession({
      createAgent: async () => {
        created++;
        return new ScriptedVoiceAgent();
      },
    });
    expect(created).toBe(0);
    await session.sendText("   ");
    expect(created).toBe(0);
    await session.start();
    expect(created).toBe(1);
  });

  it("releases the finished agent before a new call", async () => {
    const agents: ScriptedVoiceAgent[] = [];
    const session = createAgentSession({
      createAgent: async () => {
        const agent = new ScriptedVoiceAgent();
        agents.push(agent);
        return agent;
      },
    });
    await session.start();
    await session.stop();
    expect(session.getSnapshot().state).toBe("ended");
    await session.start();
    expect(agents).toHaveLength(2);
    expect(agents[0]?.disposed).toBe(true);
    expect(session.getSnapshot().state).toBe("listening");
  });
});
