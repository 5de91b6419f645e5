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
    throw toMicrophoneError(error);
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

/**
 * Any value thrown while opening a microphone, as a MicrophoneError. Duck-typed on `code` and
 * `name` rather than `instanceof`: the UI shell and the pipeline ship as separate bundles, each
 * with its own copy of this class, and an integrator's own `getAudioStream` throws DOMExceptions.
 */
export function toMicrophoneError(error: unknown): MicrophoneError {
  if (error instanceof MicrophoneError) return error;
  const { code, name, message } = (error ?? {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (code === "microphone_denied" || code === "no_microphone" || code === "microphone_lost") {
    return new MicrophoneError(code, typeof message === "string" ? message : code);
  }
  if (name === "NotAllowedError" || name === "SecurityError") {
    return new MicrophoneError("microphone_denied", "microphone permission was denied");
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return new MicrophoneError("no_microphone", "no microphone was found");
  }
  return new MicrophoneError(
    "microphone_lost",
    `the microphone could not be opened (${typeof name === "string" && name ? name : String(error)})`,
  );
}
