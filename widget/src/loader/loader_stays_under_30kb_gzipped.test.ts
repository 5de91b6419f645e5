import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The Bar: the script-tag loader is ≤ 30 KB gzipped, and the voice pipeline is not in it
 * (it is fetched by a dynamic import after the visitor's click). Builds the loader with the
 * real Vite config into a temporary folder, so the check never reads a stale dist/.
 */
const LIMIT_BYTES = 30 * 1024;
const widgetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let outDir = "";
let code = "";

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "parley-loader-"));
  await build({
    configFile: path.join(widgetDir, "vite.loader.config.ts"),
    root: widgetDir,
    logLevel: "silent",
    build: { outDir, emptyOutDir: true },
  });
  code = await readFile(path.join(outDir, "parley.js"), "utf8");
}, 60_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("script-tag loader", () => {
  it("is at most 30 KB gzipped", () => {
    const gzipped = gzipSync(code, { level: 9 }).byteLength;
    console.log(`parley.js: ${code.length} bytes, ${gzipped} bytes gzipped (limit ${LIMIT_BYTES})`);
    expect(gzipped).toBeGreaterThan(1000); // a real UI, not an empty file
    expect(gzipped).toBeLessThanOrEqual(LIMIT_BYTES);
  });

  it("is one file that loads the pipeline only through a dynamic import", async () => {
    expect(await readdir(outDir)).toEqual(["parley.js"]);
    expect(code).toMatch(/\bimport\(/);
    expect(code).not.toMatch(/^\s*import\s/m);
    for (const pipelineMarker of ["onnxruntime", "@huggingface", "web-llm", "silero", "whisper"]) {
      expect(code.toLowerCase()).not.toContain(pipelineMarker);
    }
  });

  it("defines the custom element and renders a Talk to us button", () => {
    expect(code).toContain("parley-agent");
    expect(code).toContain("Talk to us");
    expect(code).toContain("attachShadow");
  });
});
