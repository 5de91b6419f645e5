import { defineConfig } from "vite";

/**
 * The script-tag loader, `dist/cdn/parley.js`: one classic script (IIFE) holding only the UI
 * and the custom element. It imports the pipeline (`parley-agent.js`, built by
 * vite.agent.config.ts into the same folder) at run time, after the visitor's first click.
 * Its gzipped size is checked by `loader_stays_under_30kb_gzipped.test.ts`.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: "dist/cdn",
    emptyOutDir: false,
    target: "es2022",
    minify: true,
    sourcemap: false,
    lib: {
      entry: "src/loader/parley.ts",
      formats: ["iife"],
      name: "Parley",
      fileName: () => "parley.js",
    },
  },
});
