import { defineConfig } from "vite";

/**
 * The voice pipeline for script-tag sites, `dist/cdn/parley-agent.js` plus its chunks and
 * workers: an ES module the loader imports by URL after the visitor's first click, so every
 * relative chunk/worker URL resolves beside it. Models and wasm runtimes are served from the
 * asset folder (`knowledge-index models pull --out <publicDir>`), not from this bundle.
 *
 * Not Vite's library mode: it inlines every asset as base64 (the 21 MB ONNX Runtime wasm that
 * transformers.js references would land inside the JS twice). An app build with one entry
 * whose exports are kept emits assets as files instead.
 */
export default defineConfig({
  publicDir: false,
  base: "./",
  worker: { format: "es" },
  build: {
    outDir: "dist/cdn",
    emptyOutDir: false,
    target: "es2022",
    // Not minified: onnxruntime-web starts its wasm threads from the *source text* of its own
    // functions; mangled names inside them point at nothing ("e is not defined" in a blob worker).
    minify: false,
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: false,
    rollupOptions: {
      input: { "parley-agent": "src/loader/agent-entry.ts" },
      preserveEntrySignatures: "strict",
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
