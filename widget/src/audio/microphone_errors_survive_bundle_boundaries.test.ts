import { describe, expect, it } from "vitest";
import { toAgentError } from "../ui/agent-session";
import { MicrophoneError, toMicrophoneError } from "./microphone";

describe("a microphone failure keeps its meaning across bundles", () => {
  it("keeps the code of a MicrophoneError from another copy of the class", () => {
    // The UI shell and the pipeline are separate bundles: `instanceof` fails between them.
    const foreign = Object.assign(new Error("microphone permission was denied"), {
      name: "MicrophoneError",
      code: "microphone_denied",
    });
    const mic = toMicrophoneError(foreign);
    expect(mic).toBeInstanceOf(MicrophoneError);
    expect(mic.code).toBe("microphone_denied");
    expect(mic.message).toBe("microphone permission was denied");
  });

  it("maps the DOMExceptions of an integrator's own getUserMedia", () => {
    expect(toMicrophoneError(new DOMException("no", "NotAllowedError")).code).toBe(
      "microphone_denied",
    );
    expect(toMicrophoneError(new DOMException("none", "NotFoundError")).code).toBe("no_microphone");
    expect(toMicrophoneError(new DOMException("busy", "NotReadableError")).code).toBe(
      "microphone_lost",
    );
  });

  it("treats anything else as a lost microphone, retryable", () => {
    const mic = toMicrophoneError("device busy");
    expect(mic.code).toBe("microphone_lost");
    expect(mic.retryable).toBe(true);
  });

  it("says the same as the UI's reading of it whether trying again can help", () => {
    // A browser that cannot record at all: no retry; a missing microphone can be plugged in.
    const noApi = Object.assign(new Error("this browser cannot record audio"), {
      name: "MicrophoneError",
      code: "no_microphone",
      retryable: false,
    });
    expect(toMicrophoneError(noApi).retryable).toBe(false);
    expect(toAgentError(toMicrophoneError(noApi)).retryable).toBe(false);
    const unplugged = toMicrophoneError(new DOMException("none", "NotFoundError"));
    expect(unplugged.retryable).toBe(true);
    expect(toAgentError(unplugged).retryable).toBe(true);
    expect(toAgentError(new DOMException("none", "NotFoundError")).retryable).toBe(true);
  });
});
