import { defineConfig } from "vite";

/**
 * A plain Vite React app. The only Parley-specific part is serving the self-hosted models
 * (`knowledge-index models pull --out dist/parley`, run by the build script) and sending the
 * COOP/COEP headers that let the speech models use threads (SharedArrayBuffer).
 */
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  worker: { format: "es" },
  server: { headers: isolation },
  preview: { headers: isolation },
  // Unminified: onnxruntime-web (in the lazily loaded pipeline) starts its wasm threads from
  // the source text of its functions, which mangling breaks. The app code itself is small.
  build: { target: "es2022", minify: false },
});
