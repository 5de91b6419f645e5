import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionAccepted, ActionResult, CreateSessionResponse } from "@parley/protocol";

/**
 * The deploy folder (`pnpm relay:deploy-folder`) copied to an empty directory outside the
 * workspace runs with `node server.js` and nothing else: no workspace node_modules above it, no
 * pnpm, a bare environment. It migrates a fresh `file:` database, answers /healthz, opens a
 * session and carries out an action through its outbox thread.
 */
const relayDir = fileURLToPath(new URL("../../", import.meta.url));
const SITE_CONFIG = path.join(relayDir, "../examples/techcorp/parley.config.json");
const ORIGIN = "http://localhost:5173";
const START_TIMEOUT_MS = 30_000;

const made = mkdtempSync(path.join(tmpdir(), "parley-deploy-made-"));
const empty = mkdtempSync(path.join(tmpdir(), "parley-deploy-run-"));
let server: ChildProcess | undefined;
let baseUrl = "";
const output: string[] = [];

/** Resolves with the address from the relay's "relay listening" log line. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`no "relay listening" within ${START_TIMEOUT_MS} ms:\n${output.join("")}`),
        ),
      START_TIMEOUT_MS,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /"msg":"relay listening".*?"url":"([^"]+)"/.exec(output.join(""));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code}:\n${output.join("")}`));
    });
  });
}

beforeAll(async () => {
  const make = spawnSync(
    process.execPath,
    [path.join(relayDir, "scripts/deploy-folder.mjs"), made],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (make.status !== 0) throw new Error(`deploy-folder failed:\n${make.stdout}${make.stderr}`);
  cpSync(made, empty, { recursive: true });
  cpSync(SITE_CONFIG, path.join(empty, "site.json"));
  server = spawn(process.execPath, ["server.js"], {
    cwd: empty,
    // Only what a service manager would give: no NODE_PATH, no workspace, no pnpm on PATH.
    env: {
      PATH: "/usr/bin:/bin",
      PARLEY_CONFIG: "site.json",
      PORT: "0",
      DATABASE_URL: "file:./data/relay.db",
      PARLEY_SECRET: "deploy-test-secret-0123456789-0123456789",
      PARLEY_OUTBOX_POLL_MS: "50",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  baseUrl = await listeningUrl(server);
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(made, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

describe("the relay deploy folder", () => {
  it("holds the bundle, the native libSQL binding and nothing of the workspace", () => {
    expect(readdirSync(empty).sort()).toEqual(
      expect.arrayContaining([
        "server.js",
        "outbox-worker.js",
        "drizzle",
        "dashboard",
        "node_modules",
      ]),
    );
    expect(readdirSync(path.join(empty, "node_modules"))).toContain("libsql");
    expect(existsSync(path.join(empty, "node_modules/@parley"))).toBe(false);
    expect(existsSync(path.join(empty, "node_modules/hono"))).toBe(false);
  });

  it("serves /healthz from a fresh file database it migrated", async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, sites: ["techcorp"] });
    expect(existsSync(path.join(empty, "data/relay.db"))).toBe(true);
  });

  it("opens a session and carries out an action through the outbox thread", async () => {
    const opened = await fetch(`${baseUrl}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ siteId: "techcorp", visitorId: "deploy-visitor" }),
    });
    expect(opened.status).toBe(201);
    const { token } = CreateSessionResponse.parse(await opened.json());
    const headers = {
      "content-type": "application/json",
      origin: ORIGIN,
      authorization: `Bearer ${token}`,
    };
    const sent = await fetch(`${baseUrl}/v1/actions`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        type: "send_sms",
        idempotencyKey: "deploy-sms-1",
        params: { to: "+919876543210", template: "order_tracking", orderId: "ORD98765" },
      }),
    });
    expect(sent.status, await sent.clone().text()).toBe(202);
    const { actionId } = ActionAccepted.parse(await sent.json());
    let result: ActionResult | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${baseUrl}/v1/actions/${actionId}`, { headers });
      result = ActionResult.parse(await res.json());
      if (result.status === "done" || result.status === "failed") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(result).toMatchObject({ status: "done", result: { delivery: "dev_outbox" } });
  });
});
