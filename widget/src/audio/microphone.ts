/** getUserMedia with the processing a voice call needs: echo cancellation keeps the agent's own voice out. */
export async function openMicrophone(): Promise<MediaStream> {
  // Browsers give the microphone (and Cache Storage, WebCrypto, cross-origin isolation) only to
  // https pages and localhost; say so rather than "cannot record audio".
  if (globalThis.isSecureContext === false)
    throw new MicrophoneError(
      "no_microphone",
      "this page is not served over https, so the browser gives it no microphone",
      false,
    );
  if (!navigator.mediaDevices?.getUserMedia)
    throw new MicrophoneError("no_microphone", "this browser cannot record audio", false);
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

/**
 * `retryable`: whether "Try again" can work. A missing or refused microphone can be plugged in
 * or allowed and tried again; a browser with no way to record audio cannot.
 */
export class MicrophoneError extends Error {
  constructor(
    readonly code: "microphone_denied" | "no_microphone" | "microphone_lost",
    message: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = "MicrophoneError";
  }
}

/**
 * Any value thrown while opening a microphone, as a MicrophoneError. Duck-typed on `code` and
 * `name` rather than `instanceof`: the UI shell and the pipeline ship as separate bundles, each
 * with its own copy of this class, and an integrator's own `getAudioStream` throws DOMExceptions.
 */
export function toMicrophoneError(error: unknown): MicrophoneError {
  if (error instanceof MicrophoneError) return error;
  const { code, name, message, retryable } = (error ?? {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    retryable?: unknown;
  };
  if (code === "microphone_denied" || code === "no_microphone" || code === "microphone_lost") {
    return new MicrophoneError(
      code,
      typeof message === "string" ? message : code,
      typeof retryable === "boolean" ? retryable : true,
    );
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
