/**
 * What the pipeline's browser tests and `pnpm bench:voice` share: the bundled test page with
 * self-hosted models, the TechCorp knowledge index, and a real relay (in-process, in-memory
 * libSQL, dev outbox) that allows the page's origin.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve as serveHono } from "@hono/node-server";
import { KnowledgeManifest, SiteConfig } from "@parley/protocol";
import { startStaticServer, type StaticServer } from "../../packages/test-rig/src/static-server";
import { repoRoot } from "../../packages/test-rig/src/repo-paths";
import { createRelay, type Relay } from "../../relay/src/relay";
import { createLogger } from "../../relay/src/log";
import { messages, outbox } from "../../relay/src/db/schema";
import {
  MANIFEST_PATH,
  publishManifest,
  stageFile,
} from "../../relay/src/knowledge/knowledge-store";
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
  // Listen first: the relay needs its own public URL to link documents (the WhatsApp catalog).
  const live: { relay?: Relay } = {};
  const server = serveHono({
    fetch: (request: Request) =>
      live.relay ? live.relay.app.fetch(request) : new Response("starting", { status: 503 }),
    port: 0,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const started = await createRelay({
    sites: [siteConfig],
    databaseUrl: ":memory:",
    log: createLogger({ level: "error" }),
    worker: { pollMs: 100 },
    options: { publicUrl: relayUrl },
  });
  live.relay = started;
  await publishIndex(started, siteConfig.id, TECHCORP_INDEX);
  return {
    site,
    relay: started,
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
    messages: () => started.store.read((db) => db.select().from(messages)),
    outbox: () => started.store.read((db) => db.select().from(outbox)),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await started.close();
      await site.close();
    },
  };
}

/**
 * Publishes the index to the relay, as `parley upload` would: actions that attach a document
 * (the catalog on WhatsApp) are checked against the relay's published documents.
 */
async function publishIndex(relay: Relay, siteId: string, dir: string): Promise<void> {
  const manifestBytes = await readFile(join(dir, MANIFEST_PATH));
  const manifest = KnowledgeManifest.parse(JSON.parse(manifestBytes.toString("utf8")));
  for (const file of manifest.files) {
    await stageFile(
      relay.store,
      siteId,
      file.path,
      await readFile(join(dir, file.path)),
      Date.now(),
    );
  }
  await publishManifest(relay.store, siteId, manifestBytes, Date.now());
}
