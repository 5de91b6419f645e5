/**
 * What the dashboard needs from the relay: its context (store, sites, secret, admin token, log,
 * clock) plus a few dashboard options. Built once per relay instance.
 */
import type { RelayContext } from "../context";
import type { FeedHub } from "./feed-hub";

export interface DashboardOptions {
  /** Folder with the built dashboard (index.html, assets/). Default: relay/dashboard/dist. */
  staticDir?: string;
  /**
   * Mark cookies `Secure`. Default true; browsers accept Secure cookies from http://localhost and
   * http://127.0.0.1, so only a plain-http deployment on another host would need false.
   */
  secureCookies?: boolean;
  /** Login lifetime, ms (default 12 h; sliding while used). */
  loginTtlMs?: number;
  /** How often the live stream polls the shared database, ms (default 150). */
  feedPollMs?: number;
}

export interface DashboardDeps {
  ctx: RelayContext;
  options: Required<Omit<DashboardOptions, "staticDir">> & { staticDir: string | undefined };
  hub: FeedHub;
}

export const DASHBOARD_DEFAULTS = {
  secureCookies: true,
  loginTtlMs: 12 * 60 * 60 * 1000,
  feedPollMs: 150,
} as const;
