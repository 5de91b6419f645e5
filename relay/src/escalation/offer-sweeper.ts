/**
 * Runs the "ring, no answer" sweep (offer-timeout.ts) on a timer of its own in every relay
 * process, whether or not that process sends messages: re-offering a handoff is escalation
 * routing, not the outbox's business. Several processes sweeping one database is safe (each offer
 * is taken back with a conditional update). An error is logged and the next sweep tries again.
 */
import type { RelayContext } from "../context";
import {
  OFFER_SWEEP_EVERY_MS,
  withdrawUnansweredOffers,
  type WithdrawnOffer,
} from "./offer-timeout";

export interface OfferSweeper {
  /** One sweep now (tests move the clock and call this). */
  sweepOnce(): Promise<WithdrawnOffer[]>;
  start(): void;
  stop(): Promise<void>;
}

export function createOfferSweeper(
  ctx: Pick<RelayContext, "store" | "sites" | "options" | "now" | "log">,
): OfferSweeper {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const sweepOnce = () => withdrawUnansweredOffers(ctx);
  return {
    sweepOnce,
    start() {
      const timeout = ctx.options.handoffOfferTimeoutMs;
      if (timer || !(timeout > 0)) return;
      timer = setInterval(
        () => {
          running = sweepOnce().catch((error: unknown) =>
            ctx.log.error("handoff offer sweep failed", { error: (error as Error).message }),
          );
        },
        Math.min(OFFER_SWEEP_EVERY_MS, timeout),
      );
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
