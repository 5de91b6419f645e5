/**
 * Everything a request handler or the outbox worker needs, built once per relay instance
 * (tests build many instances side by side, so nothing here is a module-level singleton).
 */
import type { SiteConfig } from "@parley/protocol";
import type { Limits } from "./config/limits";
import type { Store } from "./db/store";
import type { Logger } from "./log";
import type { RelayMetrics } from "./metrics";
import type { Providers } from "./providers/provider";

export interface RelayOptions {
  /** Token signing key; every process sharing a database must share it. */
  secret: string;
  /** Bearer token for the admin API (knowledge upload, feed, agents). Admin API is off when absent. */
  adminToken?: string;
  /** Session token lifetime, ms. */
  sessionTtlMs: number;
  /** Lifetime of signed media links sent in WhatsApp messages and emails, ms. */
  mediaTtlMs: number;
  /** Trust X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  /** Public base URL of this relay (links in messages, Twilio webhook signature checks). */
  publicUrl?: string;
  /** Largest JSON body accepted, bytes (event batches get `maxEventBodyBytes`). */
  maxJsonBodyBytes: number;
  maxEventBodyBytes: number;
  /** Largest knowledge file accepted by PUT, bytes. */
  maxKnowledgeFileBytes: number;
  /** Timeout for a site's own order endpoint, ms. */
  orderLookupTimeoutMs: number;
  /**
   * How long a handoff offered to an agent ("assigned") may ring unanswered before it is taken
   * back, the agent set "away" and the call offered to the next available agent, ms. 0: never.
   */
  handoffOfferTimeoutMs: number;
}

export const DEFAULT_OPTIONS: Omit<RelayOptions, "secret"> = {
  sessionTtlMs: 2 * 60 * 60 * 1000,
  mediaTtlMs: 24 * 60 * 60 * 1000,
  trustProxy: false,
  maxJsonBodyBytes: 32 * 1024,
  maxEventBodyBytes: 512 * 1024,
  maxKnowledgeFileBytes: 64 * 1024 * 1024,
  orderLookupTimeoutMs: 3000,
  handoffOfferTimeoutMs: 60_000,
};

export interface RelayContext {
  store: Store;
  sites: Map<string, SiteConfig>;
  limits: Limits;
  options: RelayOptions;
  providers: Providers;
  log: Logger;
  metrics: RelayMetrics;
  /** The clock (tests move it to make callbacks due or tokens expire). */
  now: () => number;
  /** Any site origin allowed by any site (CORS preflight does not say which site it is for). */
  isKnownOrigin: (origin: string) => boolean;
}

export function siteOrThrow(ctx: RelayContext, siteId: string): SiteConfig | undefined {
  return ctx.sites.get(siteId);
}
