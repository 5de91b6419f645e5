#!/usr/bin/env node
// `npm run demo` (after scripts/setup.mjs --demo): the TechCorp demo on this machine.
//   1. builds the TechCorp knowledge index with the knowledge-index CLI,
//   2. starts the relay (embedded SQLite file under data/demo/, dev outbox: nothing is really sent),
//   3. uploads the index to the relay, creates the dashboard admin and one agent login,
//   4. serves the TechCorp site (examples/techcorp/dist) on localhost,
// then prints where everything is. Each step is checked before it is reported: a part that is
// missing or failed is named as such, never announced as running. Ctrl+C stops everything.
import mime from "mime/lite";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const RELAY_PORT = Number(process.env.PARLEY_DEMO_RELAY_PORT ?? 8787);
// 4173 is one of the origins examples/techcorp/parley.config.json allows.
const SITE_PORT = Number(process.env.PARLEY_DEMO_SITE_PORT ?? 4173);
const RELAY_URL = `http://${HOST}:${RELAY_PORT}`;
const SITE_URL = `http://${HOST}:${SITE_PORT}`;
const DATA = path.join(root, "data", "demo");
const SITE_DIST = path.join(root, "examples/techcorp/dist");
const RELAY_SERVER = path.join(root, "relay/dist/server.js");
const CONFIG = path.join(root, "examples/techcorp/parley.config.json");
const DOCS = path.join(root, "examples/techcorp/knowledge/docs");
const INDEX = path.join(root, "examples/techcorp/knowledge/dist/index");
const TSX = path.join(root, "node_modules/.bin/tsx");
const CLI = path.join(root, "knowledge-index/src/cli.ts");

const problems = [];
let relay = null;
let site = null;
let stopping = false;

function say(line = "") {
  console.log(line);
}
function step(line) {
  say(`\n▸ ${line}`);
}
function problem(part, why) {
  problems.push(`${part}: ${why}`);
  console.error(`  ✖ ${part}: ${why}`);
}

async function stopAll(code) {
  stopping = true;
  if (site) await new Promise((r) => site.close(r));
  if (relay && relay.exitCode === null) {
    const exited = new Promise((r) => relay.once("exit", r));
    relay.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (relay.exitCode === null) relay.kill("SIGKILL");
  }
  process.exit(code);
}

function fail(message) {
  console.error(`\n✖ The demo could not start: ${message}`);
  if (problems.length)
    console.error(`  Problems so far:\n${problems.map((p) => `   - ${p}`).join("\n")}`);
  return stopAll(1);
}

function cli(args) {
  if (!existsSync(CLI)) return { ok: false, out: `${path.relative(root, CLI)} is missing` };
  const r = spawnSync(TSX, [CLI, ...args], { cwd: root, encoding: "utf8" });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
}

/** Local secrets of this demo, made once and kept in data/demo/ (gitignored). */
function demoSecrets() {
  mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, "credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  const word = () => randomBytes(6).toString("base64url");
  const secrets = {
    relaySecret: randomBytes(32).toString("hex"),
    adminToken: randomBytes(24).toString("hex"),
    admin: { username: "admin", password: `demo-${word()}-${word()}` },
    agent: { username: "john", password: `agent-${word()}-${word()}`, agentId: "agent_45" },
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

async function waitFor(url, { timeoutMs = 30_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function portFree(port) {
  return new Promise((resolve) => {
    const probe = http.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** The site as any static host would serve it, plus COOP/COEP so the models can use threads. */
function serveSite(dir) {
  return http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", SITE_URL).pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(dir, pathname);
    if (!file.startsWith(dir + path.sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": mime.getType(file) ?? "application/octet-stream",
      "content-length": statSync(file).size,
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "no-cache",
    });
    createReadStream(file).pipe(res);
  });
}

async function dashboardCall(method, pathname, body, session = {}) {
  const res = await fetch(`${RELAY_URL}/dashboard/api${pathname}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(session.cookie ? { cookie: session.cookie } : {}),
      ...(session.csrf ? { "x-csrf-token": session.csrf } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  return { status: res.status, json, text, cookie };
}

/** The first admin (bootstrap with the admin token), then one agent account for the console. */
async function ensureLogins(secrets) {
  const { admin, agent } = secrets;
  let login = await dashboardCall("POST", "/auth/login", admin);
  if (login.status === 401) {
    const boot = await dashboardCall("POST", "/auth/bootstrap", {
      adminToken: secrets.adminToken,
      username: admin.username,
      displayName: "Demo Admin",
      password: admin.password,
    });
    if (boot.status !== 201)
      return `admin bootstrap failed (${boot.status}: ${boot.text.slice(0, 200)})`;
    login = await dashboardCall("POST", "/auth/login", admin);
  }
  if (login.status !== 200 || !login.json?.csrfToken) {
    return `admin login failed (${login.status}: ${login.text.slice(0, 200)})`;
  }
  const session = { cookie: login.cookie, csrf: login.json.csrfToken };
  const agentLogin = await dashboardCall("POST", "/auth/login", {
    username: agent.username,
    password: agent.password,
  });
  if (agentLogin.status === 200) return null;
  const created = await dashboardCall(
    "POST",
    "/users",
    {
      username: agent.username,
      displayName: "John (technical)",
      password: agent.password,
      role: "agent",
      agentId: agent.agentId,
    },
    session,
  );
  if (created.status !== 201 && created.status !== 200) {
    problem(
      "agent console login",
      `could not create the agent account (${created.status}: ${created.text.slice(0, 200)})`,
    );
  }
  return null;
}

process.on("SIGINT", () => {
  say("\nStopping the demo…");
  void stopAll(0);
});
process.on("SIGTERM", () => void stopAll(0));

// ── 0. What is built in this checkout ───────────────────────────────────────────────────────
step("Checking the built parts");
const parts = [
  { name: "relay (API, dashboard, agent console)", file: RELAY_SERVER },
  { name: "TechCorp demo site", file: path.join(SITE_DIST, "index.html") },
  { name: "widget loader in the site", file: path.join(SITE_DIST, "parley/parley.js") },
  { name: "voice pipeline in the site", file: path.join(SITE_DIST, "parley/parley-agent.js") },
  { name: "knowledge-index CLI", file: CLI },
];
for (const part of parts) {
  if (existsSync(part.file)) say(`  ✔ ${part.name}`);
  else
    problem(
      part.name,
      `not built (${path.relative(root, part.file)} is missing; run node scripts/setup.mjs --demo)`,
    );
}
if (!existsSync(RELAY_SERVER) || !existsSync(path.join(SITE_DIST, "index.html"))) {
  await fail("the relay and the site are both needed");
}

// ── 1. Knowledge index ──────────────────────────────────────────────────────────────────────
step("Building the TechCorp knowledge index (knowledge-index build)");
const built = cli(["build", DOCS, "--out", INDEX, "--quiet"]);
if (built.ok && existsSync(path.join(INDEX, "manifest.json")))
  say(`  ✔ ${path.relative(root, INDEX)}`);
else problem("knowledge index", `build failed: ${built.out.split("\n").slice(-3).join(" ")}`);

// ── 2. Relay ────────────────────────────────────────────────────────────────────────────────
step(`Starting the relay on ${RELAY_URL} (database data/demo/parley.db, dev outbox)`);
if (!(await portFree(RELAY_PORT)))
  await fail(`port ${RELAY_PORT} is taken (set PARLEY_DEMO_RELAY_PORT)`);
const secrets = demoSecrets();
let relayLog = "";
relay = spawn(process.execPath, [RELAY_SERVER], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(RELAY_PORT),
    HOST,
    PARLEY_CONFIG: CONFIG,
    DATABASE_URL: `file:${path.join(DATA, "parley.db")}`,
    PARLEY_SECRET: secrets.relaySecret,
    PARLEY_ADMIN_TOKEN: secrets.adminToken,
    PARLEY_PUBLIC_URL: RELAY_URL,
    // The demo never talks to real providers: every message lands in the dev outbox.
    TWILIO_ACCOUNT_SID: "",
    TWILIO_AUTH_TOKEN: "",
    RESEND_API_KEY: "",
  },
  stdio: ["ignore", "pipe", "pipe"],
});
relay.stdout.on("data", (chunk) => (relayLog += chunk));
relay.stderr.on("data", (chunk) => (relayLog += chunk));
relay.once("exit", (code) => {
  if (!stopping)
    console.error(
      `\n✖ the relay stopped (exit ${code}). Its last lines:\n${relayLog.split("\n").slice(-8).join("\n")}`,
    );
});
if (!(await waitFor(`${RELAY_URL}/healthz`, { child: relay }))) {
  await fail(`the relay did not become healthy:\n${relayLog.split("\n").slice(-10).join("\n")}`);
}
say("  ✔ relay healthy");

if (existsSync(path.join(INDEX, "manifest.json"))) {
  const uploaded = cli([
    "upload",
    INDEX,
    "--relay",
    RELAY_URL,
    "--token",
    secrets.adminToken,
    "--site",
    "techcorp",
  ]);
  if (uploaded.ok) say("  ✔ knowledge index uploaded to the relay");
  else problem("knowledge index upload", uploaded.out.split("\n").slice(-3).join(" "));
}

const loginProblem = await ensureLogins(secrets);
if (loginProblem) problem("dashboard login", loginProblem);
else say("  ✔ dashboard admin and agent logins ready");

// ── 3. Site ─────────────────────────────────────────────────────────────────────────────────
step(`Serving the TechCorp site on ${SITE_URL}`);
if (!(await portFree(SITE_PORT)))
  await fail(
    `port ${SITE_PORT} is taken (set PARLEY_DEMO_SITE_PORT and add that origin to parley.config.json)`,
  );
const siteHtml = readFileSync(path.join(SITE_DIST, "index.html"), "utf8");
const tagRelay = /data-relay="([^"]*)"/.exec(siteHtml)?.[1];
if (tagRelay !== RELAY_URL) {
  problem(
    "site",
    `its script tag points at ${tagRelay ?? "nothing"}, not ${RELAY_URL}: rebuild with PARLEY_RELAY_URL=${RELAY_URL}`,
  );
}
site = serveSite(SITE_DIST);
await new Promise((resolve, reject) => site.once("error", reject).listen(SITE_PORT, HOST, resolve));
if (!(await waitFor(`${SITE_URL}/`))) await fail("the site server does not answer");
say("  ✔ site answering");

// ── Summary ─────────────────────────────────────────────────────────────────────────────────
const ok = problems.length === 0;
say(
  `\n${ok ? "✔ Parley demo is running" : "⚠ Parley demo is running with problems (see below)"}\n`,
);
say(`  TechCorp site     ${SITE_URL}/   (press "Talk to us")`);
say(`  Dashboard         ${RELAY_URL}/dashboard/`);
say(`  Agent console     ${RELAY_URL}/dashboard/console`);
say(`  Admin login       ${secrets.admin.username} / ${secrets.admin.password}`);
say(
  `  Agent login       ${secrets.agent.username} / ${secrets.agent.password}   (John, technical)`,
);
say(`  Messages          dev outbox: nothing is sent; see Dashboard → Outbox`);
say(`  Data              ${path.relative(root, DATA)}/ (delete it to start afresh)`);
say("  Brain             Lite (offline); with WebGPU and network the widget uses WebLLM");
if (!ok) say(`\n  Problems:\n${problems.map((p) => `   - ${p}`).join("\n")}`);
say("\nPress Ctrl+C to stop.");
