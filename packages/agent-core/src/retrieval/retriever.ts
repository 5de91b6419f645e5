/**
 * How the dialogue core reaches a knowledge base. The knowledge package provides the real
 * implementation (USE-lite vectors in a binary index); `LexicalRetriever` serves inline passages
 * (stories, tests) without any model.
 */

/** One retrieved chunk of a knowledge document. */
export interface Passage {
  /** Chunk id, unique within the index. */
  id: string;
  /** Id of the document the chunk came from (what `send_email`'s `documentId` names). */
  documentId: string;
  /** Document title, e.g. "Refund policy". */
  title: string;
  text: string;
  /** Cosine similarity to the query, in [-1, 1]. */
  score: number;
}

/** Where the agent stops trusting retrieval (from the index manifest's calibration). */
export interface RetrievalThreshold {
  /** Below this best score the agent says it has no information and offers a specialist. */
  noAnswerBelow: number;
  /** Between this and `noAnswerBelow` the answer is hedged; absent: no grey zone. */
  greyZoneFrom?: number;
}

/** A document that can be sent to a visitor (catalog PDF, policy), as listed by the index. */
export interface KnowledgeDocument {
  id: string;
  title: string;
  /** True when the original file may be attached to an email or WhatsApp message. */
  attachable: boolean;
}

export interface Retriever {
  /** The `k` passages most similar to `query`, best first, `score` = cosine similarity. */
  search(query: string, k: number): Promise<Passage[]>;
  readonly threshold: RetrievalThreshold;
  /** Documents of the index (for "send me the catalog"); empty when unknown. */
  readonly documents: readonly KnowledgeDocument[];
}

/** Sentence embedder (USE-lite in production). Vectors are L2-normalised. */
export interface Embedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
