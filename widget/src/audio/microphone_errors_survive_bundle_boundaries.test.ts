import { describe, expect, it } from "vitest";
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
});
