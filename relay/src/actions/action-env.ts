import type { ActionState, SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import type { Tx } from "../db/store";
import type { OutboxDraft } from "../outbox/enqueue";

/** Who asked, for which site, and when — passed to every action handler. */
export interface ActionEnv {
  ctx: RelayContext;
  site: SiteConfig;
  sessionId: string;
  leadId: string;
  actionId: string;
  now: number;
}

export type ResultValue = string | number | boolean | null;

/** What a handler did inside the action's transaction. */
export interface Outcome {
  status: ActionState;
  result: Record<string, ResultValue>;
  drafts: OutboxDraft[];
}

/**
 * A handler in two steps: `prepare` runs before the transaction (it may call the site's order
 * system or read the knowledge manifest, and validates everything); `perform` writes, inside it.
 */
export interface ActionHandler<P, Prepared> {
  prepare(ctx: RelayContext, site: SiteConfig, params: P): Promise<Prepared>;
  perform(tx: Tx, env: ActionEnv, params: P, prepared: Prepared): Promise<Outcome>;
}
