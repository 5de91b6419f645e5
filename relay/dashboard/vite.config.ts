import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The relay serves this build at /dashboard (src/dashboard/pages.ts). `pnpm --filter
// @parley/relay build:dashboard` writes it to relay/dashboard/dist.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/dashboard/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  logLevel: "warn",
});
