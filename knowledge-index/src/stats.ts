import type { KnowledgeIndex } from "@parley/knowledge";

export function indexStats(index: KnowledgeIndex) {
  const { manifest } = index;
  const bytes = Object.fromEntries(manifest.files.map((f) => [f.path, f.bytes]));
  const totalBytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  return {
    createdAt: manifest.createdAt,
    embedder: manifest.embedder,
    threshold: manifest.threshold,
    documents: manifest.counts.documents,
    chunks: manifest.counts.chunks,
    attachable: manifest.documents.filter((d) => d.attachable).map((d) => d.source),
    totalBytes,
    bytesPerChunk: manifest.counts.chunks
      ? Math.round((bytes["vectors.bin"] ?? 0) / manifest.counts.chunks)
      : 0,
    files: bytes,
    search: index.scorerKind,
  };
}
