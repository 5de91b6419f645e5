// Bundles the relay into dist/server.js (+ dist/outbox-worker.js, the outbox worker thread) (setup runs `pnpm -r build`). Dependencies stay external
// (they are installed in node_modules); the workspace protocol package is bundled in, since it
// ships TypeScript source. Migrations are read from relay/drizzle at run time.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith("@parley/"));

await build({
  entryPoints: { server: "src/server.ts", "outbox-worker": "src/outbox/worker-thread.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  jsx: "automatic",
  external,
  logLevel: "warning",
});
console.log("relay: built dist/server.js and dist/outbox-worker.js");
