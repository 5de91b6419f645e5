import { KnowledgeManifest, parseWith } from "@parley/protocol";
import { KnowledgeError } from "./errors";
import { ATTACHMENTS_DIR, CHUNKS_FILE, VECTORS_FILE, type ChunksFile } from "./index-format";
import { sha256Hex } from "./sha256";
import { encodeVectorFile, quantizeVectors } from "./vector-file";
import type { Threshold } from "./calibration";

export interface IndexDocumentInput {
  id: string;
  title: string;
  /** Path relative to the documents folder. */
  source: string;
  mediaType: string;
  attachable: boolean;
  /** The original bytes, copied into files/ when attachable. */
  bytes?: Uint8Array;
}

export interface IndexChunkInput {
  docId: string;
  section: string;
  text: string;
  vector: Float32Array;
}

export interface IndexBuildInput {
  embedder: { id: string; dims: number };
  threshold: Threshold;
  documents: readonly IndexDocumentInput[];
  chunks: readonly IndexChunkInput[];
  createdAt?: Date;
}

/** Everything an index folder holds, as bytes by relative path, plus the parsed manifest. */
export interface IndexFiles {
  manifest: KnowledgeManifest;
  files: Map<string, Uint8Array>;
}

const encoder = new TextEncoder();

/** Pure: turns documents, chunks and vectors into index files (writing them is the caller's job). */
export async function buildIndexFiles(input: IndexBuildInput): Promise<IndexFiles> {
  const docIndex = new Map(input.documents.map((doc, i) => [doc.id, i]));
  if (docIndex.size !== input.documents.length)
    throw new KnowledgeError("invalid_argument", "document ids are not unique");
  const perDoc = new Map<string, number>();
  const chunksFile: ChunksFile = {
    formatVersion: 1,
    chunks: input.chunks.map((chunk) => {
      const doc = docIndex.get(chunk.docId);
      if (doc === undefined)
        throw new KnowledgeError(
          "invalid_argument",
          `chunk refers to unknown document "${chunk.docId}"`,
        );
      const n = perDoc.get(chunk.docId) ?? 0;
      perDoc.set(chunk.docId, n + 1);
      return { id: `${chunk.docId}#${n}`, doc, section: chunk.section, text: chunk.text };
    }),
  };
  const files = new Map<string, Uint8Array>();
  files.set(CHUNKS_FILE, encoder.encode(JSON.stringify(chunksFile)));
  files.set(
    VECTORS_FILE,
    encodeVectorFile(
      quantizeVectors(
        input.chunks.map((c) => c.vector),
        input.embedder.dims,
      ),
    ),
  );
  const documents = input.documents.map((doc) => {
    const file = doc.attachable && doc.bytes ? `${ATTACHMENTS_DIR}/${doc.source}` : undefined;
    if (file) files.set(file, doc.bytes!);
    return {
      id: doc.id,
      title: doc.title,
      source: doc.source,
      mediaType: doc.mediaType,
      attachable: doc.attachable,
      ...(file ? { file } : {}),
    };
  });
  const fileEntries = await Promise.all(
    [...files].map(async ([path, bytes]) => ({
      path,
      bytes: bytes.byteLength,
      sha256: await sha256Hex(bytes),
    })),
  );
  const manifest = {
    formatVersion: 1 as const,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    embedder: input.embedder,
    threshold: input.threshold,
    counts: { documents: documents.length, chunks: chunksFile.chunks.length },
    files: fileEntries,
    documents,
  };
  const parsed = parseWith(KnowledgeManifest, manifest);
  if (!parsed.ok)
    throw new KnowledgeError("invalid_argument", `manifest would be invalid: ${parsed.error}`);
  return { manifest: parsed.value, files };
}

export function encodeManifest(manifest: KnowledgeManifest): Uint8Array {
  return encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
}
