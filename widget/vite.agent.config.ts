import { defineConfig } from "vite";

/**
 * The voice pipeline for script-tag sites, `dist/cdn/parley-agent.js` plus its chunks and
 * workers: an ES module the loader imports by URL after the visitor's first click, so every
 * relative chunk/worker URL resolves beside it. Models and wasm runtimes are not bundled: they
 * are served from the asset folder (`knowledge-index models pull --out <publicDir>`).
 */
export default defineConfig({
  publicDir: false,
  base: "./",
  worker: { format: "es" },
  build: {
    outDir: "dist/cdn",
    emptyOutDir: false,
    target: "es2022",
    minify: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    lib: {
      entry: "src/loader/agent-entry.ts",
      formats: ["es"],
      fileName: () => "parley-agent.js",
    },
  },
});
