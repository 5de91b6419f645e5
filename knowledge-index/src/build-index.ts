import {
  buildIndexFiles,
  calibrateThreshold,
  chunkBlocks,
  defaultThreshold,
  embeddingText,
  KnowledgeIndex,
  type Embedder,
  type IndexChunkInput,
  type IndexFiles,
  type Threshold,
} from "@parley/knowledge";
import { writeIndexDir } from "@parley/knowledge/node";
import { readDocuments } from "./ingest/read-documents";

export interface BuildProgress {
  phase: "read" | "embed" | "calibrate" | "write";
  done: number;
  total: number;
}

export interface BuildResult {
  index: IndexFiles;
  threshold: Threshold & { errors?: number };
  skipped: string[];
  timings: { readMs: number; embedMs: number; totalMs: number };
}

/**
 * Documents folder → index folder: read and parse every document, chunk, embed, calibrate the
 * no-answer threshold (from knowledge.json's questions, else the embedder's default), and write
 * the folder atomically. Nothing is written unless every step succeeded.
 */
export async function buildIndex(options: {
  docsDir: string;
  outDir: string;
  embedder: Embedder;
  onProgress?: (progress: BuildProgress) => void;
  createdAt?: Date;
}): Promise<BuildResult> {
  const { embedder, onProgress } = options;
  const started = performance.now();
  onProgress?.({ phase: "read", done: 0, total: 1 });
  const { documents, config, skipped } = await readDocuments(options.docsDir);
  const readMs = performance.now() - started;

  const pending = documents.flatMap((doc) =>
    chunkBlocks(doc.blocks, doc.title, { maxWords: embedder.maxWords, overlapSentences: 1 }).map(
      (chunk) => ({
        docId: doc.id,
        section: chunk.section,
        text: chunk.text,
        embedText: embeddingText(doc.title, chunk),
      }),
    ),
  );
  const embedStarted = performance.now();
  const chunks: IndexChunkInput[] = [];
  const batch = 32;
  for (let start = 0; start < pending.length; start += batch) {
    onProgress?.({ phase: "embed", done: start, total: pending.length });
    const slice = pending.slice(start, start + batch);
    const vectors = await embedder.embed(slice.map((c) => c.embedText));
    slice.forEach((c, i) =>
      chunks.push({ docId: c.docId, section: c.section, text: c.text, vector: vectors[i]! }),
    );
  }
  onProgress?.({ phase: "embed", done: pending.length, total: pending.length });
  const embedMs = performance.now() - embedStarted;

  const inputs = {
    embedder: { id: embedder.id, dims: embedder.dims },
    documents: documents.map(({ id, title, source, mediaType, attachable, bytes }) => ({
      id,
      title,
      source,
      mediaType,
      attachable,
      bytes,
    })),
    chunks,
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
  };
  let threshold: BuildResult["threshold"] = defaultThreshold(embedder.id);
  if (config.calibration) {
    const questions = [
      ...config.calibration.answerable.map((question) => ({ question, answerable: true })),
      ...config.calibration.unanswerable.map((question) => ({ question, answerable: false })),
    ];
    onProgress?.({ phase: "calibrate", done: 0, total: questions.length });
    const draft = await buildIndexFiles({ ...inputs, threshold });
    const probe = await KnowledgeIndex.fromBytes(
      new Map([
        ...draft.files,
        ["manifest.json", new TextEncoder().encode(JSON.stringify(draft.manifest))],
      ]),
    );
    const vectors = await embedder.embed(questions.map((q) => q.question));
    const samples = questions.map((q, i) => ({
      ...q,
      topScore: Math.max(...probe.search(vectors[i]!, q.question, 3).map((h) => h.score)),
    }));
    threshold = calibrateThreshold(samples, embedder.id);
    onProgress?.({ phase: "calibrate", done: questions.length, total: questions.length });
  }
  const { errors: _errors, ...manifestThreshold } = threshold as Threshold & { errors?: number };
  const index = await buildIndexFiles({ ...inputs, threshold: manifestThreshold });
  onProgress?.({ phase: "write", done: 0, total: 1 });
  await writeIndexDir(options.outDir, index);
  onProgress?.({ phase: "write", done: 1, total: 1 });
  return {
    index,
    threshold,
    skipped,
    timings: { readMs, embedMs, totalMs: performance.now() - started },
  };
}
