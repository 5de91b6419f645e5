/**
 * One interface for every embedder, so the index builder (Node) and the widget (browser) run
 * the same code. The embedder's `id` is written into the index manifest; the widget reads it
 * back and creates the matching embedder with `createEmbedder(manifest.embedder.id, …)`.
 */
export interface Embedder {
  /** "use-lite" or "transformers:<model id or URL>" — what the manifest records. */
  readonly id: string;
  /** Vector length. */
  readonly dims: number;
  /** Words per chunk this model handles well (chunking uses it). */
  readonly maxWords: number;
  /** Unit-length vectors, one per text, in order. Texts must be non-empty. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** A visitor's question; some models want a query prefix that passages do not get. */
  embedQuery(text: string): Promise<Float32Array>;
  /** Frees model memory. */
  dispose(): Promise<void>;
}

/** Loading progress in [0, 1] with the file being fetched, for the widget's progress bar. */
export type LoadProgress = (progress: { fraction: number; file: string }) => void;

/** Where model files come from: relative names ("model.json", "group1-shard1of7") to bytes. */
export interface ModelFileSource {
  read(name: string): Promise<Uint8Array>;
}

export function l2Normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
