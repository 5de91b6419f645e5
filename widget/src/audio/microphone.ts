/** getUserMedia with the processing a voice call needs: echo cancellation keeps the agent's own voice out. */
export async function openMicrophone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new MicrophoneError("no_microphone", "this browser cannot record audio");
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: {
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
        channelCount: 1,
      },
    });
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    if (name === "NotAllowedError" || name === "SecurityError") {
      throw new MicrophoneError("microphone_denied", "microphone permission was denied");
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      throw new MicrophoneError("no_microphone", "no microphone was found");
    }
    throw new MicrophoneError(
      "microphone_lost",
      `the microphone could not be opened (${name || String(error)})`,
    );
  }
}

export class MicrophoneError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: "microphone_denied" | "no_microphone" | "microphone_lost",
    message: string,
  ) {
    super(message);
    this.name = "MicrophoneError";
    this.retryable = code !== "no_microphone";
  }
}
