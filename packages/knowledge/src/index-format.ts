import { z } from "zod";

/**
 * The files of an index folder (all listed, with sha256, in manifest.json except itself):
 *   manifest.json   KnowledgeManifest from @parley/protocol — embedder, threshold, counts, files
 *   chunks.json     chunk texts and their document/section (below)
 *   vectors.bin     int8 vectors + per-vector scales (vector-file.ts), same order as chunks
 *   files/<source>  originals of attachable documents (e.g. files/product_catalog.pdf)
 */
export const MANIFEST_FILE = "manifest.json";
export const CHUNKS_FILE = "chunks.json";
export const VECTORS_FILE = "vectors.bin";
export const ATTACHMENTS_DIR = "files";

export const IndexChunk = z.strictObject({
  /** "<docId>#<n>", stable for a given build of the same documents. */
  id: z.string().min(1).max(200),
  /** Position of the document in manifest.documents. */
  doc: z.number().int().nonnegative(),
  section: z.string().max(500),
  text: z.string().min(1).max(20_000),
});
export type IndexChunk = z.infer<typeof IndexChunk>;

export const ChunksFile = z.strictObject({
  formatVersion: z.literal(1),
  chunks: z.array(IndexChunk),
});
export type ChunksFile = z.infer<typeof ChunksFile>;
