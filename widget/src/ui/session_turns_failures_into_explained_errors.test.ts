import { describe, expect, it } from "vitest";
import { createAgentSession } from "./agent-session";
import { ScriptedVoiceAgent } from "./scripted-voice-agent";

const denied = () => Object.assign(new Error("Permission denied"), { name: "NotAllowedError" });

describe("agent session failures", () => {
  it("explains a denied microphone and still accepts typed text", async () => {
    const agent = new ScriptedVoiceAgent({
      onStart: [{ event: "state", payload: "requesting_microphone" }, denied()],
      onText: (text) => [
        { event: "caption", payload: { id: "v1", speaker: "visitor", text, final: true, at: 1 } },
        {
          event: "caption",
          payload: { id: "a1", speaker: "agent", text: "Sure.", final: true, at: 2 },
        },
      ],
    });
    const session = createAgentSession({ createAgent: async () => agent });

    await expect(session.start()).resolves.toBeUndefined();
    expect(session.getSnapshot().error?.code).toBe("microphone_denied");
    expect(session.getSnapshot().inCall).toBe(false);

    await session.sendText("  what is your refund policy  ");
    expect(agent.calls).toContain("text:what is your refund policy");
    expect(session.getSnapshot().transcript.map((t) => t.text)).toEqual([
      "what is your refund policy",
      "Sure.",
    ]);
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
