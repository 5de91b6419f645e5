#!/usr/bin/env node
// Fresh-machine setup shared by `npm test` and `npm run demo`.
// Needs only Node 20.19+, npm, git and (for the browser tests) Debian's apt as root.
// Every step is idempotent and cheap when already done, so both commands can always call it.
//
//   node scripts/setup.mjs            set up for tests (system packages for the browser rig too)
//   node scripts/setup.mjs --demo     set up for the demo (no browser-test system packages)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PNPM_VERSION = "12.21.0";
const forDemo = process.argv.includes("--demo");

// Debian packages the browser test rig needs: Chromium itself, espeak-ng + sox to make test
// speech, speech-dispatcher + PulseAudio (null sink) so Web Speech TTS works headless, and
// coturn: the TURN server the warm-handoff test forces both WebRTC peers through (on loopback).
const TEST_SYSTEM_PACKAGES = [
  "chromium",
  "fonts-liberation",
  "espeak-ng",
  "sox",
  "speech-dispatcher",
  "speech-dispatcher-espeak-ng",
  "pulseaudio",
  "pulseaudio-utils",
  "coturn",
];

function step(message) {
  console.log(`\n▸ ${message}`);
}

function fail(message) {
  console.error(`\n✖ setup failed: ${message}`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  if (result.error) fail(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${cmd} ${args.join(" ")} exited with ${result.status}`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node ${process.versions.node} is too old: Parley needs Node 20.19 or newer.`);
  }
}

function missingDebianPackages(names) {
  return names.filter((name) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
}

function installSystemPackages() {
  if (!existsSync("/usr/bin/dpkg-query")) {
    console.log("  not a Debian system: skipping apt (install Chromium, espeak-ng, sox,");
    console.log("  speech-dispatcher and PulseAudio yourself for the browser tests)");
    return;
  }
  const missing = missingDebianPackages(TEST_SYSTEM_PACKAGES);
  if (missing.length === 0) {
    console.log("  system packages present");
    return;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = isRoot ? [] : ["sudo", "-n"];
  if (!isRoot && spawnSync("sudo", ["-n", "true"]).status !== 0) {
    fail(`missing Debian packages (${missing.join(", ")}); run as root or install them with apt.`);
  }
  console.log(`  installing with apt: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const [cmd, ...pre] = [...prefix, "apt-get"];
  run(cmd, [...pre, "update", "-qq"], { env });
  run(cmd, [...pre, "install", "-y", "-qq", "--no-install-recommends", ...missing], { env });
}

function pnpmVersion() {
  const r = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function ensurePnpm() {
  const found = pnpmVersion();
  if (found === PNPM_VERSION) {
    console.log(`  pnpm ${found}`);
    return;
  }
  // corepack cannot be used: the registry mirror serves no signatures. npm -g works.
  console.log(`  installing pnpm ${PNPM_VERSION} with npm (found: ${found ?? "none"})`);
  run("npm", ["install", "--global", "--no-fund", "--no-audit", `pnpm@${PNPM_VERSION}`]);
  if (pnpmVersion() !== PNPM_VERSION) fail("pnpm is not on PATH after `npm install -g pnpm`.");
}

checkNode();
if (!forDemo) {
  step("System packages for the browser test rig");
  installSystemPackages();
}
step("pnpm");
ensurePnpm();
step("Workspace dependencies (pnpm install --frozen-lockfile)");
run("pnpm", ["install", "--frozen-lockfile", "--reporter=append-only"], {
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
});
step("Build (pnpm -r build)");
run("pnpm", ["-r", "--if-present", "run", "build"]);
console.log("\n✔ setup complete");
