import type { CallEvent } from "@parley/protocol";
import type { RelayClient } from "./relay-client";
import { RelayError } from "./relay-errors";

/** A call event before it gets its sequence number. */
export type UnsequencedEvent = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, "seq">
    : never
  : never;

/**
 * Sends the call's events to the relay in order, numbered per session (`seq`) so a batch that
 * is retried after a lost response is not stored twice. Events wait in memory while the relay
 * is unreachable and go out with the next flush; on page hide the rest leave by `sendBeacon`.
 * Recording never blocks the conversation: failures are reported, not thrown.
 */
export class CallRecorder {
  private seq = 0;
  private pending: CallEvent[] = [];
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  lastError: RelayError | null = null;

  constructor(
    private readonly relay: RelayClient,
    private readonly onError: (error: RelayError) => void = () => {},
    private readonly batchDelayMs = 50,
  ) {}

  record(event: UnsequencedEvent, urgent = false): CallEvent {
    const sequenced = { ...event, seq: this.seq++ } as CallEvent;
    this.pending.push(sequenced);
    if (urgent) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.batchDelayMs);
    return sequenced;
  }

  get queued(): number {
    return this.pending.length;
  }

  /** Send everything queued; resolves when the relay has it (or the retries gave up). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing) await this.flushing;
    if (this.pending.length === 0 || !this.relay.session) return;
    const batch = this.pending.slice(0, 100);
    this.flushing = this.relay
      .postEvents({ events: batch })
      .then(() => {
        this.pending = this.pending.slice(batch.length);
        this.lastError = null;
      })
      .catch((error: unknown) => {
        const relayError =
          error instanceof RelayError
            ? error
            : new RelayError(String(error), "internal", true, null);
        this.lastError = relayError;
        // A rejected (4xx) batch would block every later event: drop it, keep the rest.
        if (!relayError.retryable) this.pending = this.pending.slice(batch.length);
        this.onError(relayError);
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
    if (this.pending.length > 0 && this.lastError === null) await this.flush();
  }

  /** Page hide: hand whatever is left, plus `final`, to `sendBeacon`. */
  beacon(
    final: UnsequencedEvent | null,
    sendBeacon?: (url: string, data: Blob) => boolean,
  ): boolean {
    if (final) this.pending.push({ ...final, seq: this.seq++ } as CallEvent);
    if (this.pending.length === 0) return true;
    const events = this.pending.slice(-100);
    const sent = this.relay.beaconEvents({ events }, sendBeacon);
    if (sent) this.pending = [];
    return sent;
  }
}
