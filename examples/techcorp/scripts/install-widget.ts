/**
 * What a site owner does to self-host Parley, run after `vite build`: copy the widget's
 * script-tag build (parley.js, parley-agent.js and its chunks/workers) into dist/parley/, then
 * put the offline models and wasm runtimes beside it with their sha256 checked (the same
 * function as `pnpm --silent knowledge-index models pull --out dist/parley`).
 */
import { cp, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { collectAssets } from "@parley/widget/collect-assets";

const here = path.dirname(fileURLToPath(import.meta.url));
const widgetCdn = path.resolve(here, "../../../widget/dist/cdn");
const target = path.resolve(here, "../dist/parley");

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function main() {
  if (!(await exists(path.join(widgetCdn, "parley.js")))) {
    throw new Error(
      `${widgetCdn}/parley.js is missing: build the widget first (pnpm --filter @parley/widget build)`,
    );
  }
  await cp(widgetCdn, target, { recursive: true });
  const files = await readdir(target);
  console.log(`techcorp: widget copied to dist/parley (${files.length} entries)`);
  if (!files.includes("parley-agent.js")) {
    console.warn(
      "techcorp: WARNING parley-agent.js (the voice pipeline) is not built: the button shows, " +
        "but a call will say the assistant could not be loaded.",
    );
  }
  const started = Date.now();
  const result = await collectAssets({ outDir: target });
  const bytes = result.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    `techcorp: ${result.files.length} model/runtime files verified in dist/parley ` +
      `(${(bytes / 1e6).toFixed(1)} MB, ${Date.now() - started} ms)`,
  );
  for (const skip of result.skipped) console.log(`techcorp: skipped ${skip.to}: ${skip.reason}`);
}

main().catch((error: unknown) => {
  console.error(`techcorp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
