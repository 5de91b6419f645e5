#!/usr/bin/env node
// `pnpm --filter @parley/widget build`: the script-tag build (dist/cdn: parley.js loader and
// the parley-agent.js pipeline bundle) and the npm library build (dist/lib, with types).
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const widgetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

async function viteBuild(config) {
  await build({ configFile: path.join(widgetDir, config), root: widgetDir, logLevel: "warn" });
}

const started = Date.now();
if (wanted("cdn")) {
  await rm(path.join(widgetDir, "dist/cdn"), { recursive: true, force: true });
  await viteBuild("vite.loader.config.ts");
  console.log("widget: dist/cdn/parley.js (script-tag loader)");
  if (existsSync(path.join(widgetDir, "src/core/create-voice-agent.ts"))) {
    await viteBuild("vite.agent.config.ts");
    console.log("widget: dist/cdn/parley-agent.js (voice pipeline, loaded after the click)");
  } else {
    console.warn(
      "widget: NOT built: dist/cdn/parley-agent.js — src/core/create-voice-agent.ts is missing",
    );
  }
}
if (wanted("lib")) {
  await rm(path.join(widgetDir, "dist/npm"), { recursive: true, force: true });
  await viteBuild("vite.lib.config.ts");
  await import("./pack-npm.mjs");
}
console.log(`widget: built in ${Date.now() - started} ms`);
