/**
 * Assembles one relay: database (migrated), sites/agents/orders from the config, providers,
 * the HTTP app and the outbox worker. `server.ts` calls it with the environment; tests call it
 * directly with `:memory:` or a temporary `file:` database and the local fake providers.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { SiteConfig } from "@parley/protocol";
import { createApp } from "./app";
import type { Limits } from "./config/limits";
import { Limits as LimitsSchema } from "./config/limits";
import { DEFAULT_OPTIONS, type RelayContext, type RelayOptions } from "./context";
import { migrate } from "./db/migrate";
import { agents, sites } from "./db/schema";
import { openStore, type Store } from "./db/store";
import type { WriteLock } from "./db/write-lock";
import { createLogger, type Logger } from "./log";
import { createMetrics } from "./metrics";
import { loadBuiltinOrders } from "./orders/order-lookup";
import { createOfferSweeper, type OfferSweeper } from "./escalation/offer-sweeper";
import { createOutboxWorker, type OutboxWorker, type WorkerOptions } from "./outbox/worker";
import type { Providers } from "./providers/provider";

export interface CreateRelayOptions {
  sites: SiteConfig[];
  databaseUrl: string;
  databaseAuthToken?: string;
  /** Shared with an outbox worker thread writing to the same database (server.ts). */
  writeLock?: WriteLock;
  /** WAL checkpoints (store.ts): `manual` when the outbox thread runs them (server.ts). */
  checkpoints?: "auto" | "manual";
  limits?: Partial<Limits>;
  options?: Partial<RelayOptions>;
  providers?: Providers;
  log?: Logger;
  now?: () => number;
  worker?: WorkerOptions | false;
  /** Sweep unanswered handoff offers on a timer (default true; tests call `offers.sweepOnce()`). */
  offerSweep?: boolean;
  defaultMetrics?: boolean;
  accessLog?: boolean;
}

export interface Relay {
  ctx: RelayContext;
  app: ReturnType<typeof createApp>;
  worker: OutboxWorker;
  /** Re-offers handoffs nobody answered (escalation/offer-timeout.ts). */
  offers: OfferSweeper;
  store: Store;
  close(): Promise<void>;
}

/** Mirrors configured sites and agents into the database (agents keep a status changed at run time). */
async function syncSites(store: Store, list: SiteConfig[], now: number): Promise<void> {
  await store.write(async (tx) => {
    for (const site of list) {
      await tx
        .insert(sites)
        .values({ id: site.id, company: site.company, config: site, updatedAt: now })
        .onConflictDoUpdate({
          target: sites.id,
          set: { company: site.company, config: site, updatedAt: now },
        });
      for (const agent of site.agents) {
        const [existing] = await tx
          .select({ id: agents.id })
          .from(agents)
          .where(eq(agents.id, agent.id))
          .limit(1);
        if (existing) {
          await tx
            .update(agents)
            .set({ name: agent.name, expertise: agent.expertise, siteId: site.id })
            .where(eq(agents.id, agent.id));
        } else {
          await tx.insert(agents).values({
            id: agent.id,
            siteId: site.id,
            name: agent.name,
            status: agent.status,
            expertise: agent.expertise,
            updatedAt: now,
          });
        }
      }
    }
  });
}

/** The context shared by the HTTP app and the outbox worker (also built inside the worker thread). */
export function createContext(input: CreateRelayOptions, store: Store): RelayContext {
  const options: RelayOptions = {
    ...DEFAULT_OPTIONS,
    secret: randomBytes(32).toString("hex"),
    ...input.options,
  };
  const origins = new Set(input.sites.flatMap((s) => s.allowedOrigins));
  return {
    store,
    sites: new Map(input.sites.map((s) => [s.id, s])),
    limits: LimitsSchema.parse(input.limits ?? {}),
    options,
    providers: input.providers ?? {},
    log: input.log ?? createLogger(),
    metrics: createMetrics({ defaultMetrics: input.defaultMetrics ?? false }),
    now: input.now ?? Date.now,
    isKnownOrigin: (origin) => origins.has(origin),
  };
}

export async function createRelay(input: CreateRelayOptions): Promise<Relay> {
  const log = input.log ?? createLogger();
  const now = input.now ?? Date.now;
  const store = await openStore({
    url: input.databaseUrl,
    ...(input.databaseAuthToken ? { authToken: input.databaseAuthToken } : {}),
    ...(input.writeLock ? { writeLock: input.writeLock } : {}),
    ...(input.checkpoints ? { checkpoints: input.checkpoints } : {}),
  });
  const applied = await migrate(store);
  if (applied) log.info("database migrated", { migrations: applied });
  await syncSites(store, input.sites, now());
  await loadBuiltinOrders(store, input.sites, now());

  const ctx = createContext({ ...input, log, now }, store);
  const app = createApp(ctx, { accessLog: input.accessLog ?? false });
  const worker = createOutboxWorker(ctx, input.worker || {});
  if (input.worker !== false) worker.start();
  const offers = createOfferSweeper(ctx);
  if (input.offerSweep !== false) offers.start();
  return {
    ctx,
    app,
    worker,
    offers,
    store,
    async close() {
      await offers.stop();
      await worker.stop();
      store.close();
    },
  };
}
