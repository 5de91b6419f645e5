import { describe, expect, it } from "vitest";
import { createAgentSession } from "./agent-session";
import { ScriptedVoiceAgent } from "./scripted-voice-agent";

/** A MediaStream stand-in with real EventTarget tracks: `ended` is what an unplug fires. */
function fakeStream() {
  const track = Object.assign(new EventTarget(), { kind: "audio" });
  const stream = { getAudioTracks: () => [track] } as unknown as MediaStream;
  return { stream, unplug: () => track.dispatchEvent(new Event("ended")) };
}

/** Like the real pipeline, start() opens the microphone first. */
function withMicrophone(agent: ScriptedVoiceAgent, open: () => Promise<MediaStream>) {
  const start = agent.start.bind(agent);
  agent.start = async () => {
    await open();
    await start();
  };
  return agent;
}

describe("microphone unplugged mid-call", () => {
  it("ends the voice call with microphone_lost and offers typing", async () => {
    const mic = fakeStream();
    let agent!: ScriptedVoiceAgent;
    const session = createAgentSession({
      getAudioStream: async () => mic.stream,
      createAgent: async (overrides) => {
        agent = withMicrophone(new ScriptedVoiceAgent(), overrides.getAudioStream!);
        return agent;
      },
    });
    await session.start();
    expect(session.getSnapshot().state).toBe("listening");
    expect(session.getSnapshot().inCall).toBe(true);

    mic.unplug();
    await new Promise((r) => setTimeout(r, 0));
    expect(agent.calls).toContain("stop");
    const s = session.getSnapshot();
    expect(s.state).toBe("ended");
    expect(s.inCall).toBe(false);
    expect(s.error?.code).toBe("microphone_lost");

    // A second `ended` (both tracks, or a late event) changes nothing.
    mic.unplug();
    await new Promise((r) => setTimeout(r, 0));
    expect(agent.calls.filter((c) => c === "stop")).toHaveLength(1);
  });

  it("ignores the end of a microphone after the visitor hung up", async () => {
    const mic = fakeStream();
    let agent!: ScriptedVoiceAgent;
    const session = createAgentSession({
      getAudioStream: async () => mic.stream,
      createAgent: async (overrides) => {
        agent = withMicrophone(new ScriptedVoiceAgent(), overrides.getAudioStream!);
        return agent;
      },
    });
    await session.start();
    await session.stop();
    mic.unplug();
    await new Promise((r) => setTimeout(r, 0));
    expect(session.getSnapshot().error).toBeNull();
  });
});
