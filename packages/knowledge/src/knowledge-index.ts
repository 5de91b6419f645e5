import { KnowledgeManifest, parseWith } from "@parley/protocol";
import { KnowledgeError } from "./errors";
import {
  CHUNKS_FILE,
  ChunksFile,
  MANIFEST_FILE,
  VECTORS_FILE,
  type IndexChunk,
} from "./index-format";
import { Bm25Index, unknownNames } from "./lexical";
import { filesFromUrl, parseJsonFile } from "./model-files";
import { sha256Hex } from "./sha256";
import { decodeVectorFile } from "./vector-file";
import { createVectorScorer, type VectorScorer } from "./vector-search";
import type { Embedder } from "./embedder";
import type { Threshold } from "./calibration";

export interface SearchHit {
  docId: string;
  title: string;
  chunkId: string;
  /**
   * What threshold decisions use (compare with `index.threshold.noAnswerBelow`), and the rank
   * order: `fused` minus UNKNOWN_NAME_PENALTY per name in the question that no document
   * mentions (at most MAX_UNKNOWN_NAME_PENALTY). Calibrated per embedder like the threshold.
   */
  score: number;
  /** Cosine similarity of the question's and the chunk's embeddings. */
  cosine: number;
  /** Lexical (BM25) match in [0, 1]: 1 ≈ every term of the question appears in the chunk. */
  lexical: number;
  /** cosine + LEXICAL_WEIGHT × lexical. */
  fused: number;
  /** Names in the question that appear in no document ("Salesforce", "API", "v2.0"). */
  unknownNames: string[];
  text: string;
  section: string;
  /** The document may be sent to the visitor; `file` is its path inside the index folder. */
  attachable: boolean;
  file?: string;
}

/** Where index files come from: a folder on disk (Node), a URL (browser), or bytes in memory. */
export interface IndexFileSource {
  /** Bytes of a file by its path relative to the index folder; errors should name the file. */
  read(path: string): Promise<Uint8Array>;
}

/**
 * How much lexical matching moves the ranking. Tuned on the TechCorp question set: 0.25 lifts
 * passages that contain the question's exact names/ids without letting a shared common word
 * outrank a clearly better semantic match (recall@3 is printed by the bench).
 */
export const LEXICAL_WEIGHT = 0.25;
/** Subtracted from every hit's score per unknown name in the question (see unknownNames). */
export const UNKNOWN_NAME_PENALTY = 0.15;
export const MAX_UNKNOWN_NAME_PENALTY = 0.3;

/**
 * A loaded index: exact cosine over all vectors (WebAssembly SIMD) fused with BM25. Loading
 * checks every file against the manifest's sha256, so a truncated download or a corrupted file
 * is an error naming the file, never wrong answers.
 */
export class KnowledgeIndex {
  private readonly bm25: Bm25Index;
  private readonly scores: Float32Array;
  private readonly lexicalScores: Float32Array;

  private constructor(
    readonly manifest: KnowledgeManifest,
    private readonly chunks: IndexChunk[],
    private readonly scorer: VectorScorer,
  ) {
    this.bm25 = new Bm25Index(
      chunks.map(
        (chunk) => `${manifest.documents[chunk.doc]?.title ?? ""} ${chunk.section} ${chunk.text}`,
      ),
    );
    this.scores = new Float32Array(chunks.length);
    this.lexicalScores = new Float32Array(chunks.length);
  }

  /** Loads from any file source; `verify: false` skips the sha256 checks (trusted, local files). */
  static async load(
    source: IndexFileSource,
    options: { verify?: boolean } = {},
  ): Promise<KnowledgeIndex> {
    const manifestJson = parseJsonFile(await source.read(MANIFEST_FILE), MANIFEST_FILE);
    const parsed = parseWith(KnowledgeManifest, manifestJson);
    if (!parsed.ok) throw new KnowledgeError("corrupt", parsed.error, { file: MANIFEST_FILE });
    const manifest = parsed.value;
    const readChecked = async (path: string) => {
      const entry = manifest.files.find((f) => f.path === path);
      if (!entry)
        throw new KnowledgeError("corrupt", `${path} is not listed in the manifest`, {
          file: MANIFEST_FILE,
        });
      const bytes = await source.read(path);
      if (bytes.byteLength !== entry.bytes) {
        throw new KnowledgeError(
          "corrupt",
          `is ${bytes.byteLength} bytes, the manifest says ${entry.bytes}`,
          { file: path },
        );
      }
      if (options.verify !== false && (await sha256Hex(bytes)) !== entry.sha256) {
        throw new KnowledgeError("corrupt", "sha256 does not match the manifest", { file: path });
      }
      return bytes;
    };
    const [chunkBytes, vectorBytes] = await Promise.all([
      readChecked(CHUNKS_FILE),
      readChecked(VECTORS_FILE),
    ]);
    const chunksParsed = parseWith(ChunksFile, parseJsonFile(chunkBytes, CHUNKS_FILE));
    if (!chunksParsed.ok)
      throw new KnowledgeError("corrupt", chunksParsed.error, { file: CHUNKS_FILE });
    const chunks = chunksParsed.value.chunks;
    const vectors = decodeVectorFile(vectorBytes, VECTORS_FILE);
    if (vectors.count !== chunks.length || chunks.length !== manifest.counts.chunks) {
      throw new KnowledgeError(
        "corrupt",
        `${vectors.count} vectors for ${chunks.length} chunks (manifest: ${manifest.counts.chunks})`,
        { file: VECTORS_FILE },
      );
    }
    if (vectors.dims !== manifest.embedder.dims) {
      throw new KnowledgeError(
        "corrupt",
        `vectors have ${vectors.dims} dims, the embedder ${manifest.embedder.dims}`,
        { file: VECTORS_FILE },
      );
    }
    if (chunks.some((chunk) => chunk.doc >= manifest.documents.length)) {
      throw new KnowledgeError(
        "corrupt",
        "a chunk refers to a document the manifest does not list",
        { file: CHUNKS_FILE },
      );
    }
    return new KnowledgeIndex(manifest, chunks, createVectorScorer(vectors));
  }

  /** Loads from bytes already in memory (e.g. fetched by a worker), keyed by relative path. */
  static fromBytes(
    files: ReadonlyMap<string, Uint8Array> | Record<string, Uint8Array>,
    options?: { verify?: boolean },
  ) {
    const map = files instanceof Map ? files : new Map(Object.entries(files));
    return KnowledgeIndex.load(
      {
        async read(path) {
          const bytes = map.get(path);
          if (!bytes)
            throw new KnowledgeError("not_found", "missing from the index", { file: path });
          return bytes;
        },
      },
      options,
    );
  }

  /** Loads from a base URL (the relay's /v1/sites/<site>/knowledge/ or any static folder). */
  static fromUrl(baseUrl: string | URL, options: { fetch?: typeof fetch; verify?: boolean } = {}) {
    return KnowledgeIndex.load(filesFromUrl(baseUrl, options.fetch), options);
  }

  get threshold(): Threshold {
    return this.manifest.threshold;
  }

  get embedderId(): string {
    return this.manifest.embedder.id;
  }

  get size(): number {
    return this.chunks.length;
  }

  /** "wasm-simd" normally; "js" where WebAssembly SIMD is unavailable. */
  get scorerKind(): VectorScorer["kind"] {
    return this.scorer.kind;
  }

  /**
   * Top-k chunks for a question: exact cosine against every vector, fused with BM25, best
   * first (by `score`; the penalty is the same for every hit of a question, so it only moves
   * the question relative to the threshold, never the order). `queryVector` comes from the index's own embedder (`embedder.embedQuery`).
   */
  search(queryVector: Float32Array, queryText: string, k = 3): SearchHit[] {
    if (queryVector.length !== this.manifest.embedder.dims) {
      throw new KnowledgeError(
        "invalid_argument",
        `query vector has ${queryVector.length} dims, the index ${this.manifest.embedder.dims} (${this.embedderId})`,
      );
    }
    const count = this.chunks.length;
    if (count === 0 || k <= 0) return [];
    const cosines = this.scorer.scoreAll(queryVector, this.scores);
    const lexical = this.lexicalScores;
    const touched = this.bm25.accumulate(queryText, lexical);
    // Selection of the k best: one pass, a tiny sorted array (k is small).
    const best: number[] = [];
    const bestScores: number[] = [];
    let floor = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const score = cosines[i]! + LEXICAL_WEIGHT * lexical[i]!;
      if (score <= floor) continue;
      let at = best.length;
      while (at > 0 && bestScores[at - 1]! < score) at--;
      best.splice(at, 0, i);
      bestScores.splice(at, 0, score);
      if (best.length > k) {
        best.pop();
        bestScores.pop();
      }
      if (best.length === k) floor = bestScores[k - 1]!;
    }
    const lexicalOf = new Map(best.map((i) => [i, lexical[i]!]));
    for (const doc of touched) lexical[doc] = 0;
    const unknown = unknownNames(queryText, this.bm25);
    const penalty = Math.min(MAX_UNKNOWN_NAME_PENALTY, UNKNOWN_NAME_PENALTY * unknown.length);
    return best.map((i) => {
      const chunk = this.chunks[i]!;
      const doc = this.manifest.documents[chunk.doc]!;
      // Exact int8 × float32 cosine for the hits (the all-chunk pass rounds the query to int16).
      const cosine = this.scorer.score(queryVector, i);
      const lexicalScore = lexicalOf.get(i) ?? 0;
      const fusedScore = cosine + LEXICAL_WEIGHT * lexicalScore;
      return {
        docId: doc.id,
        title: doc.title,
        chunkId: chunk.id,
        score: Math.max(-1, Math.min(1, fusedScore - penalty)),
        cosine,
        lexical: lexicalScore,
        fused: fusedScore,
        unknownNames: unknown,
        text: chunk.text,
        section: chunk.section,
        attachable: doc.attachable,
        ...(doc.file ? { file: doc.file } : {}),
      };
    });
  }

  /** Embeds the question with `embedder` (which must match the manifest) and searches. */
  async query(embedder: Embedder, question: string, k = 3): Promise<SearchHit[]> {
    if (embedder.id !== this.embedderId) {
      throw new KnowledgeError(
        "invalid_argument",
        `the index was built with ${this.embedderId}, not ${embedder.id}`,
      );
    }
    return this.search(await embedder.embedQuery(question), question, k);
  }

  /** The document an attachment request refers to, by id or source file name. */
  document(idOrSource: string): KnowledgeManifest["documents"][number] | undefined {
    return this.manifest.documents.find(
      (d) => d.id === idOrSource || d.source === idOrSource || d.source.endsWith(`/${idOrSource}`),
    );
  }
}
