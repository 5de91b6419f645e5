/**
 * What the pipeline's browser tests and `pnpm bench:voice` share: the bundled test page with
 * self-hosted models, the TechCorp knowledge index, and a real relay (in-process, in-memory
 * libSQL, dev outbox) that allows the page's origin.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve as serveHono } from "@hono/node-server";
import { SiteConfig } from "@parley/protocol";
import { startStaticServer, type StaticServer } from "../../packages/test-rig/src/static-server";
import { repoRoot } from "../../packages/test-rig/src/repo-paths";
import { createRelay, type Relay } from "../../relay/src/relay";
import { createLogger } from "../../relay/src/log";
import { messages, outbox } from "../../relay/src/db/schema";
import { buildPipelinePage } from "../scripts/build-pipeline-page";

export interface Harness {
  site: StaticServer;
  relay: Relay;
  relayUrl: string;
  /** Options for `window.parleyTest.start`. */
  agentOptions: Record<string, unknown>;
  messages(): Promise<(typeof messages.$inferSelect)[]>;
  outbox(): Promise<(typeof outbox.$inferSelect)[]>;
  close(): Promise<void>;
}

export const TECHCORP_INDEX = join(repoRoot(), "examples/techcorp/knowledge/dist/index");

export async function startHarness(): Promise<Harness> {
  const pageDir = await buildPipelinePage();
  const site = await startStaticServer({ root: pageDir, mounts: { "/knowledge": TECHCORP_INDEX } });
  const config = JSON.parse(
    readFileSync(join(repoRoot(), "examples/techcorp/parley.config.json"), "utf8"),
  ) as object;
  const siteConfig = SiteConfig.parse({ ...config, allowedOrigins: [site.origin] });
  const relay = await createRelay({
    sites: [siteConfig],
    databaseUrl: ":memory:",
    log: createLogger({ level: "error" }),
    worker: { pollMs: 100 },
  });
  const server = serveHono({ fetch: relay.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    site,
    relay,
    relayUrl,
    agentOptions: {
      relayUrl,
      siteId: siteConfig.id,
      knowledgeUrl: site.url("/knowledge/"),
      assetBaseUrl: site.url("/parley/"),
      models: { brain: "lite" },
      sttDevice: "wasm",
      language: "en",
      site: {
        company: siteConfig.company,
        defaultRegion: siteConfig.defaultRegion,
        timezone: siteConfig.timezone,
      },
    },
    messages: () => relay.store.read((db) => db.select().from(messages)),
    outbox: () => relay.store.read((db) => db.select().from(outbox)),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay.close();
      await site.close();
    },
  };
}
