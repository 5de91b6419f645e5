import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

/**
 * The TechCorp demo site: three static pages with Parley's script tag. The relay URL in the tag
 * comes from PARLEY_RELAY_URL at build time (default: the relay `npm run demo` starts).
 * After the pages are built, scripts/install-widget.ts copies the loader, the pipeline bundle
 * and the self-hosted models into dist/parley/, exactly as a site owner would.
 */
export const DEFAULT_RELAY_URL = "http://127.0.0.1:8787";

function relayUrlInHtml(): Plugin {
  const relay = process.env.PARLEY_RELAY_URL || DEFAULT_RELAY_URL;
  if (!/^https?:\/\/[^"<>\s]+$/.test(relay))
    throw new Error(`PARLEY_RELAY_URL "${relay}" is not an http(s) URL`);
  return {
    name: "techcorp-relay-url",
    transformIndexHtml: (html) => html.replaceAll("%PARLEY_RELAY_URL%", relay),
  };
}

const site = resolve(import.meta.dirname, "site");

export default defineConfig({
  root: site,
  publicDir: false,
  plugins: [relayUrlInHtml()],
  build: {
    outDir: resolve(import.meta.dirname, "dist"),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(site, "index.html"),
        products: resolve(site, "products.html"),
        support: resolve(site, "support.html"),
      },
    },
  },
});
