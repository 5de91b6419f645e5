import { describe, expect, it } from "vitest";
import type { VoiceAgentOptions } from "../core/voice-agent";
import { createAgentSession } from "./agent-session";
import { ScriptedVoiceAgent } from "./scripted-voice-agent";

/**
 * The speech model's download is cut short: the voice call fails with a retryable error, the
 * visitor types instead (a typed call asks for no speech model, so it opens while the network
 * to the model is still broken), and "Try again" later opens the voice call.
 */
describe("a speech model that cannot download", () => {
  it("fails the voice call retryably, lets the visitor type meanwhile, and a retry opens the voice call", async () => {
    let modelReachable = false;
    const asked: Array<Partial<VoiceAgentOptions>> = [];
    const session = createAgentSession({
      createAgent: async (overrides) => {
        asked.push(overrides);
        // What the pipeline does: only a call that loads speech recognition needs the model.
        const needsModel = overrides.speechRecognition !== false;
        const fails = needsModel && !modelReachable;
        return new ScriptedVoiceAgent({
          onStart: [
            { event: "state", payload: "loading" },
            ...(fails
              ? [
                  {
                    event: "error" as const,
                    payload: {
                      code: "download_failed" as const,
                      message:
                        "could not download encoder_model_quantized.onnx: the connection dropped after 11600000 bytes",
                      retryable: true,
                    },
                  },
                  { event: "state" as const, payload: "error" as const },
                ]
              : [{ event: "state" as const, payload: "listening" as const }]),
          ],
          onText: (text) => [
            {
              event: "caption",
              payload: { id: "v1", speaker: "visitor", text, final: true, at: 1 },
            },
            {
              event: "caption",
              payload: {
                id: "a1",
                speaker: "agent",
                text: "We offer 30 days.",
                final: true,
                at: 2,
              },
            },
          ],
        });
      },
    });

    await session.start();
    expect(session.getSnapshot()).toMatchObject({
      state: "error",
      inCall: false,
      error: { code: "download_failed", retryable: true },
    });

    // The model is still unreachable, yet typing works: the typed call loads no speech model.
    await expect(session.sendText("What is your refund policy?")).resolves.toBe(true);
    expect(asked[1]?.speechRecognition).toBe(false);
    expect(session.getSnapshot()).toMatchObject({ textOnly: true, inCall: true, error: null });
    expect(session.getSnapshot().transcript.at(-1)?.text).toBe("We offer 30 days.");

    // Back online: the voice call (with speech recognition) opens.
    modelReachable = true;
    await session.start();
    expect(asked[2]?.speechRecognition).toBeUndefined();
    expect(session.getSnapshot()).toMatchObject({
      textOnly: false,
      inCall: true,
      state: "listening",
      error: null,
    });
  });
});
