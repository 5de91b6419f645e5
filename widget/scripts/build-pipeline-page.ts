/**
 * Bundles the pipeline test/benchmark page (widget/test-page) and its workers with esbuild,
 * and fills `<outDir>/parley/` with the self-hosted models (`collectAssets`). Used by the
 * browser tests and `pnpm bench:voice`; a second run only rebuilds the (fast) bundles.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { collectAssets } from "./collect-assets";

const WIDGET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const PIPELINE_PAGE_DIR = join(WIDGET_DIR, "dist/pipeline-page");

export async function buildPipelinePage(outDir = PIPELINE_PAGE_DIR): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: {
      "pipeline-page": join(WIDGET_DIR, "test-page/pipeline-page.ts"),
      "whisper.worker": join(WIDGET_DIR, "src/stt/whisper.worker.ts"),
      "retrieval.worker": join(WIDGET_DIR, "src/retrieval/retrieval.worker.ts"),
    },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    sourcemap: false,
    minify: false,
    logLevel: "error",
    // Node-only optional imports inside transformers.js / tfjs are never reached in a browser.
    external: ["fs", "path", "url", "sharp", "onnxruntime-node", "worker_threads", "crypto", "os"],
  });
  await writeFile(
    join(outDir, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><title>Parley pipeline</title></head>
<body><main>Parley voice pipeline test page</main><script type="module" src="./pipeline-page.js"></script></body></html>\n`,
  );
  await collectAssets({ outDir: join(outDir, "parley"), groups: ["vad", "stt", "embedder"] });
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  buildPipelinePage(process.argv[2]).then(
    (dir) => console.log(`pipeline page in ${dir} (${Date.now() - started} ms)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
