#!/usr/bin/env node
// `npm run demo` (after scripts/setup.mjs): start every part of the demo that exists in this
// checkout and print where to find it. It never claims something runs that does not.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const parts = [
  { name: "relay (API, dashboard, agent console)", entry: "relay/dist/server.js" },
  { name: "TechCorp demo site", entry: "examples/techcorp/dist/index.html" },
];
const missing = parts.filter((p) => !existsSync(path.join(root, p.entry)));
if (missing.length === parts.length) {
  console.error("\nThe demo cannot start yet: none of its parts is built in this checkout:");
  for (const p of missing) console.error(`  - ${p.name} (${p.entry})`);
  process.exit(1);
}
