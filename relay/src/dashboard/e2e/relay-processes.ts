/**
 * For the dashboard's browser tests: real relay processes (`node --import tsx src/server.ts`)
 * on 127.0.0.1 sharing one libSQL file, a tiny page server for the visitor's origin with the
 * bundled handoff client, and the dashboard build.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const RELAY_DIR = fileURLToPath(new URL("../../..", import.meta.url));
export const ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
const SECRET = "e2e-secret-0123456789-0123456789-0123456789";

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  logs: string[];
}

/** Builds the dashboard once if relay/dashboard/dist is missing (about 5 s). */
export function ensureDashboardBuilt(): void {
  if (existsSync(path.join(RELAY_DIR, "dashboard/dist/index.html"))) return;
  execFileSync("pnpm", ["run", "build:dashboard"], { cwd: RELAY_DIR, stdio: "inherit" });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export function siteConfig(visitorOrigin: string) {
  const techcorp = JSON.parse(
    readFileSync(path.join(RELAY_DIR, "../examples/techcorp/parley.config.json"), "utf8"),
  ) as Record<string, unknown>;
  const allowedOrigins = [...(techcorp.allowedOrigins as string[]), visitorOrigin];
  return {
    sites: [
      { ...techcorp, allowedOrigins },
      // A second site for the metrics test: its numbers are not mixed with the other tests' calls.
      { ...techcorp, id: "metricsco", company: "MetricsCo", allowedOrigins, agents: [] },
    ],
  };
}

export async function startRelay(databaseUrl: string, config: unknown): Promise<RelayProcess> {
  const port = await freePort();
  const logs: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: RELAY_DIR,
    env: {
      ...process.env,
      PARLEY_CONFIG: JSON.stringify(config),
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      PARLEY_SECRET: SECRET,
      PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      PARLEY_LOG_LEVEL: "warn",
      TWILIO_ACCOUNT_SID: "",
      TWILIO_AUTH_TOKEN: "",
      RESEND_API_KEY: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => logs.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`relay exited (${child.exitCode}): ${logs.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, logs };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`relay did not start: ${logs.join("")}`);
}

export async function stopRelay(relay: RelayProcess | undefined): Promise<void> {
  if (!relay || relay.child.exitCode !== null) return;
  const exited = new Promise((r) => relay.child.once("exit", r));
  relay.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (relay.child.exitCode === null) relay.child.kill("SIGKILL");
}

export interface VisitorSite {
  origin: string;
  close(): Promise<void>;
}

/** Serves /visitor.html and /handoff-client.js (the framework-free client, bundled) on 127.0.0.1. */
export async function startVisitorSite(): Promise<VisitorSite> {
  const bundle = await build({
    entryPoints: [path.join(RELAY_DIR, "../widget/src/handoff/handoff-client.ts")],
    bundle: true,
    format: "iife",
    globalName: "ParleyHandoff",
    write: false,
    target: "es2022",
  });
  const js = bundle.outputFiles[0]!.text;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>TechCorp</title></head><body><h1>TechCorp support</h1><ol id="chat"></ol><script src="/handoff-client.js"></script></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === "/handoff-client.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(js);
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export function tempDatabase(): { url: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-dashboard-e2e-"));
  writeFileSync(path.join(dir, "README"), "dashboard e2e database\n");
  return {
    url: `file:${path.join(dir, "relay.db")}`,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
