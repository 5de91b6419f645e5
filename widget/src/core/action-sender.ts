import { ACTIONS, actionIsOver, type ActionRequest, type ActionResult } from "@parley/protocol";
import type { RelayClient } from "../relay/relay-client";
import { RelayError } from "../relay/relay-errors";

export interface ActionSenderOptions {
  relay: RelayClient;
  /** A side effect's outcome, as the relay reports it (the `action` event). */
  onResult: (result: ActionResult) => void;
  /**
   * A finished action produced something the dialogue waits for (a ticket number): returns the
   * requests that this releases (an SMS that quotes the ticket).
   */
  onOutcome: (
    request: ActionRequest,
    outcome: { ticketNumber: string | number | null },
  ) => ActionRequest[];
  /** True once the agent is disposed: stop following outcomes. */
  isDisposed: () => boolean;
}

/** Sends a turn's side effects to the relay and follows them until the relay reports their fate. */
export class ActionSender {
  constructor(private readonly options: ActionSenderOptions) {}

  /** Sends the requests; returns those that could not be sent (for an honest notice). */
  async send(requests: ActionRequest[]): Promise<ActionRequest[]> {
    const failed: ActionRequest[] = [];
    await Promise.all(
      requests.map(async (request) => {
        try {
          const accepted = await this.options.relay.sendAction(request);
          this.options.onResult({
            actionId: accepted.actionId,
            type: request.type,
            status: accepted.status,
          });
          void this.follow(accepted.actionId, request);
        } catch (error) {
          const relayError =
            error instanceof RelayError
              ? error
              : new RelayError(String(error), "internal", false, null);
          failed.push(request);
          this.options.onResult({
            actionId: `local-${request.idempotencyKey}`.slice(0, 128),
            type: request.type,
            status: "failed",
            error: {
              code: relayError.code.slice(0, 64),
              message: relayError.message.slice(0, 1000),
              retryable: relayError.retryable,
            },
          });
        }
      }),
    );
    return failed;
  }

  /** Polls an accepted action until the relay reports its outcome; feeds ticket numbers back. */
  private async follow(actionId: string, request: ActionRequest): Promise<void> {
    for (let attempt = 0; attempt < 6 && !this.options.isDisposed(); attempt++) {
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      try {
        const result = await this.options.relay.getAction(actionId);
        if (actionIsOver(result.type, result.status)) {
          this.options.onResult(result);
          const ticketNumber = result.result?.ticketNumber;
          if (ticketNumber !== undefined) {
            const released = this.options.onOutcome(request, {
              ticketNumber: ticketNumber as string | number | null,
            });
            if (released.length) await this.send(released);
          }
          return;
        }
      } catch {
        return; // the outcome is the relay's business; the visitor was already answered
      }
    }
  }
}

/** What the agent says when the relay could not take an action: never pretend it was done. */
export function failureNotice(request: ActionRequest): string {
  const what = ACTIONS[request.type].spokenName;
  return `I'm sorry, I couldn't send ${what} just now because our support system is unreachable. Please try again in a few minutes.`;
}
