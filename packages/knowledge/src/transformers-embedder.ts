import { KnowledgeError, oneLine } from "./errors";
import { l2Normalize, type Embedder, type LoadProgress } from "./embedder";

/**
 * transformers.js feature extraction with any sentence-embedding model, for sites that can
 * reach a model hub or host a model themselves. `model` is one of:
 *   - a hub id ("Xenova/bge-small-en-v1.5"),
 *   - an absolute URL of a model folder ("https://cdn.example.com/models/bge-small-en-v1.5/"),
 *   - a hub-style id resolved under `localModelPath` (a folder in Node, a URL path in the browser).
 * transformers.js is imported lazily, so sites on the USE-lite default never download it.
 * Node and the browser both run onnxruntime on CPU here; the browser agreement test covers
 * USE-lite only, because no transformers model can be fetched on this project's machines.
 */
export const TRANSFORMERS_PREFIX = "transformers:";

export interface TransformersEmbedderOptions {
  model: string;
  /** Load only from this folder / URL path; no remote download unless `allowRemoteModels`. */
  localModelPath?: string;
  allowRemoteModels?: boolean;
  /** Browser: where onnxruntime-web's .wasm/.mjs files are served (never a CDN by default). */
  wasmPaths?: string;
  dtype?: "fp32" | "fp16" | "q8" | "int8" | "uint8" | "q4";
  pooling?: "mean" | "cls";
  /** Prepended to queries only (bge: "Represent this sentence for searching relevant passages: "). */
  queryPrefix?: string;
  maxWords?: number;
  onProgress?: LoadProgress;
}

export function transformersEmbedderId(model: string): string {
  return `${TRANSFORMERS_PREFIX}${model}`;
}

/** Splits an absolute model URL into transformers.js's remote host + model name. */
export function resolveModelLocation(model: string): { remoteHost?: string; modelName: string } {
  if (/^https?:\/\//i.test(model)) {
    const url = new URL(model.endsWith("/") ? model : `${model}/`);
    const parts = url.pathname.split("/").filter(Boolean);
    const modelName = parts.pop();
    if (!modelName)
      throw new KnowledgeError(
        "invalid_argument",
        `model URL "${model}" has no model folder in its path`,
      );
    return { remoteHost: `${url.origin}/${parts.map((p) => `${p}/`).join("")}`, modelName };
  }
  if (!/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)?$/.test(model)) {
    throw new KnowledgeError(
      "invalid_argument",
      `"${model}" is neither a model id like Xenova/bge-small-en-v1.5 nor an http(s) URL`,
    );
  }
  return { modelName: model };
}

export async function transformersEmbedder(
  options: TransformersEmbedderOptions,
): Promise<Embedder> {
  const location = resolveModelLocation(options.model);
  const transformers = await import("@huggingface/transformers");
  const { env } = transformers;
  if (location.remoteHost) {
    env.remoteHost = location.remoteHost;
    env.remotePathTemplate = "{model}/";
  }
  const remote =
    options.allowRemoteModels ??
    (location.remoteHost !== undefined || options.localModelPath === undefined);
  env.allowRemoteModels = remote;
  if (options.localModelPath) {
    env.allowLocalModels = true;
    env.localModelPath = options.localModelPath.endsWith("/")
      ? options.localModelPath
      : `${options.localModelPath}/`;
  }
  const wasm = env.backends.onnx.wasm;
  if (options.wasmPaths && wasm) wasm.wasmPaths = options.wasmPaths;

  // The pipeline's own union type is too large for tsc; this is the part used here.
  type Extractor = {
    (
      texts: string[],
      options: { pooling: "mean" | "cls"; normalize: boolean },
    ): Promise<{ dims: number[]; data: ArrayLike<number> }>;
    dispose(): Promise<void>;
  };
  const createPipeline = transformers.pipeline as unknown as (
    task: string,
    model: string,
    options: object,
  ) => Promise<Extractor>;
  let extractor: Extractor;
  try {
    extractor = await createPipeline("feature-extraction", location.modelName, {
      dtype: options.dtype ?? "q8",
      local_files_only: !remote,
      progress_callback: (info: { status: string; file?: string; progress?: number }) => {
        if (info.status === "progress" && typeof info.progress === "number") {
          options.onProgress?.({ fraction: info.progress / 100, file: info.file ?? "" });
        }
      },
    });
  } catch (cause) {
    throw new KnowledgeError(
      "model",
      `transformers model "${options.model}" failed to load: ${oneLine(cause)}`,
      {
        cause,
        retryable: remote,
      },
    );
  }
  const pooling = options.pooling ?? "mean";
  const run = async (texts: readonly string[]) => {
    const output = await extractor([...texts], { pooling, normalize: true });
    const [rows, dims] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, i) =>
      l2Normalize(Float32Array.from(data.subarray(i * dims, (i + 1) * dims))),
    );
  };
  const [probe] = await run(["dimension probe"]);
  const dims = probe?.length ?? 0;
  const embedder: Embedder = {
    id: transformersEmbedderId(options.model),
    dims,
    maxWords: options.maxWords ?? 180,
    async embed(texts) {
      texts.forEach((text, i) => {
        if (text.trim().length === 0)
          throw new KnowledgeError("invalid_argument", `text ${i} is empty`);
      });
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += 16)
        vectors.push(...(await run(texts.slice(start, start + 16))));
      return vectors;
    },
    async embedQuery(text) {
      const [vector] = await embedder.embed([`${options.queryPrefix ?? ""}${text}`]);
      return vector!;
    },
    async dispose() {
      await extractor.dispose();
    },
  };
  return embedder;
}
