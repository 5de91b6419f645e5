import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** voy-search 0.6.3 is a bundler-target wasm-pack build; in Node its wasm is wired up by hand. */
export interface VoyIndex {
  serialize(): string;
  search(query: Float32Array, k: number): { neighbors: { id: string }[] };
  free(): void;
}
export type VoyConstructor = new (resource?: {
  embeddings: { id: string; title: string; url: string; embeddings: number[] }[];
}) => VoyIndex;

export async function loadVoy(): Promise<VoyConstructor> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("voy-search/package.json"));
  const glue = (await import(path.join(dir, "voy_search_bg.js"))) as Record<string, unknown> & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    Voy: VoyConstructor;
  };
  const { instance } = await WebAssembly.instantiate(
    await readFile(path.join(dir, "voy_search_bg.wasm")),
    {
      "./voy_search_bg.js": glue as unknown as WebAssembly.ModuleImports,
    },
  );
  glue.__wbg_set_wasm(instance.exports);
  return glue.Voy;
}
