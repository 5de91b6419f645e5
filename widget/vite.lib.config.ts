import { defineConfig } from "vite";

/**
 * The npm library build, `dist/npm/lib/`: ES modules for bundler users (`<VoiceAgent>`,
 * `useVoiceAgent`, `registerParleyElement`, `createAgentSession`…). The pipeline stays a separate
 * chunk behind a dynamic import, so apps download it only when the visitor starts.
 *
 * Bare imports stay external (they become the package's dependencies, see
 * scripts/pack-npm.mjs) except Parley's private workspace packages, which are bundled in; React
 * is a peer. Workers are bundled whole by Vite. Not library mode (it inlines every asset as
 * base64) and not minified (onnxruntime-web builds its thread workers from function source).
 */
const isBare = (id: string) =>
  !id.startsWith(".") && !id.startsWith("/") && !id.startsWith("\0") && !/^[A-Za-z]:/.test(id);

export default defineConfig({
  publicDir: false,
  base: "./",
  worker: { format: "es" },
  build: {
    outDir: "dist/npm/lib",
    emptyOutDir: true,
    target: "es2022",
    minify: false,
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: false,
    copyPublicDir: false,
    rollupOptions: {
      input: { index: "src/index.ts" },
      preserveEntrySignatures: "strict",
      external: (id) => isBare(id) && !id.startsWith("@parley/"),
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "chunks/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
