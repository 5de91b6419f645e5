/**
 * Everything a TechCorp browser test needs, started the way `npm run demo` starts it: the
 * TechCorp knowledge index (built by the knowledge-index CLI when missing), the relay process
 * (relay/dist/server.js, a real libSQL file database, dev outbox: no provider keys), the index
 * uploaded with `knowledge-index upload`, and the built site (examples/techcorp/dist) served on
 * 127.0.0.1 with its script tag pointed at this relay. Nothing is mocked.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestInfo } from "@playwright/test";
import type { RigFixtures } from "@parley/test-rig/fixtures";

type StaticServer = Awaited<ReturnType<RigFixtures["serve"]>>;

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, "../../..");
const SITE_DIST = path.join(REPO, "examples/techcorp/dist");
const RELAY_SERVER = path.join(REPO, "relay/dist/server.js");
const CONFIG = path.join(REPO, "examples/techcorp/parley.config.json");
const DOCS = path.join(REPO, "examples/techcorp/knowledge/docs");
const INDEX = path.join(REPO, "examples/techcorp/knowledge/dist/index");
const TSX = path.join(REPO, "node_modules/.bin/tsx");
const CLI = path.join(REPO, "knowledge-index/src/cli.ts");
export const ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
const PAGES = ["index.html", "products.html", "support.html"];

export interface TechcorpStack {
  site: StaticServer;
  relayUrl: string;
  /** Dev-outbox rows for the site, newest first (the relay's admin API). */
  outbox(): Promise<
    Array<{ channel: string; template: string; recipient: string; status: string }>
  >;
  relayLog(): string;
  /** Stops the relay process (SIGTERM), keeping its database: the relay "goes down". */
  stopRelay(): Promise<void>;
  /** Starts the relay again on the same port and database (after stopRelay). */
  restartRelay(): Promise<void>;
  close(): Promise<void>;
}

function need(file: string, what: string) {
  if (!existsSync(file))
    throw new Error(`${what} is missing (${file}): run \`node scripts/setup.mjs\` first`);
}

function cli(args: string[]) {
  const result = spawnSync(TSX, [CLI, ...args], { cwd: REPO, encoding: "utf8", timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(
      `knowledge-index ${args[0]} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  }
  return result.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, relay: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (relay.exitCode !== null) throw new Error(`relay exited with ${relay.exitCode}:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`relay did not become healthy in 30 s:\n${log()}`);
}

/** Builds the TechCorp index with the CLI unless a built one is already there. */
export function ensureIndex(): string {
  if (!existsSync(path.join(INDEX, "manifest.json")))
    cli(["build", DOCS, "--out", INDEX, "--quiet"]);
  return INDEX;
}

/** The built TechCorp pages with their script tag pointed at the relay. */
function serveTechcorpPages(serve: RigFixtures["serve"], relayUrl: string): Promise<StaticServer> {
  need(path.join(SITE_DIST, "parley/parley.js"), "the built TechCorp site");
  need(path.join(SITE_DIST, "parley/parley-agent.js"), "the widget's pipeline bundle in the site");
  const pages = Object.fromEntries(
    PAGES.map((page) => [
      `/${page}`,
      {
        body: readFileSync(path.join(SITE_DIST, page), "utf8").replace(
          /data-relay="[^"]*"/,
          `data-relay="${relayUrl}"`,
        ),
        contentType: "text/html; charset=utf-8",
      },
    ]),
  );
  return serve({ root: SITE_DIST, routes: { "/": pages["/index.html"]!, ...pages } });
}

export async function startTechcorpStack(
  serve: RigFixtures["serve"],
  options: {
    relay?: "up" | "down";
    /** Serve another site than the TechCorp pages (the React example), given the relay's URL. */
    site?: (relayUrl: string) => Parameters<RigFixtures["serve"]>[0];
    /** Changes to the TechCorp site config before the relay reads it (handoff ICE servers…). */
    configure?: (config: Record<string, unknown>) => void;
  } = {},
): Promise<TechcorpStack> {
  const relayPort = await freePort();
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const site = options.site
    ? await serve(options.site(relayUrl))
    : await serveTechcorpPages(serve, relayUrl);

  let relay: ChildProcess | null = null;
  let output = "";
  const dir = mkdtempSync(path.join(tmpdir(), "parley-techcorp-e2e-"));
  const config = JSON.parse(readFileSync(CONFIG, "utf8")) as Record<string, unknown> & {
    allowedOrigins: string[];
  };
  config.allowedOrigins = [site.origin];
  options.configure?.(config);
  const launchRelay = async () => {
    need(RELAY_SERVER, "the built relay");
    const child = spawn(process.execPath, [RELAY_SERVER], {
      cwd: REPO,
      env: {
        ...process.env,
        PORT: String(relayPort),
        HOST: "127.0.0.1",
        PARLEY_CONFIG: JSON.stringify(config),
        DATABASE_URL: `file:${path.join(dir, "relay.db")}`,
        PARLEY_SECRET: "e2e-secret-0123456789-0123456789-abcdef",
        PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
        PARLEY_OUTBOX_POLL_MS: "100",
        TWILIO_ACCOUNT_SID: "",
        TWILIO_AUTH_TOKEN: "",
        RESEND_API_KEY: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    relay = child;
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitForHealth(relayUrl, child, () => output);
  };
  const stopRelay = async () => {
    const child = relay;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    relay = null;
  };
  if (options.relay !== "down") {
    await launchRelay();
    cli([
      "upload",
      ensureIndex(),
      "--relay",
      relayUrl,
      "--token",
      ADMIN_TOKEN,
      "--site",
      "techcorp",
    ]);
  }

  return {
    site,
    relayUrl,
    async outbox() {
      const res = await fetch(`${relayUrl}/v1/admin/sites/techcorp/outbox`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (!res.ok) throw new Error(`outbox: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { outbox: Awaited<ReturnType<TechcorpStack["outbox"]>> })
        .outbox;
    },
    relayLog: () => output,
    stopRelay,
    restartRelay: launchRelay,
    async close() {
      // The site server belongs to the `serve` fixture, which closes it.
      await stopRelay();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Closes a test's stack (if it started one), attaching the relay's log when the test failed. */
export async function closeTechcorpStack(
  stack: TechcorpStack | undefined,
  info: TestInfo,
): Promise<void> {
  if (stack && info.status !== info.expectedStatus)
    await info.attach("relay log", { body: stack.relayLog(), contentType: "text/plain" });
  await stack?.close();
}
