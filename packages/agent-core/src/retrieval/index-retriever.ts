import type {
  Embedder,
  KnowledgeDocument,
  Passage,
  RetrievalThreshold,
  Retriever,
} from "./retriever";

/** The shape of a hit from `@parley/knowledge`'s `KnowledgeIndex.query` (structural, no import). */
export interface IndexHit {
  docId: string;
  title: string;
  chunkId: string;
  score: number;
  text: string;
}

/** What this adapter needs from a loaded `KnowledgeIndex`. */
export interface SearchableIndex<E> {
  query(embedder: E, question: string, k: number): Promise<IndexHit[]>;
  readonly threshold: RetrievalThreshold;
  readonly manifest: { documents: readonly { id: string; title: string; attachable: boolean }[] };
}

/**
 * A `Retriever` over the knowledge package's index and its own embedder (USE-lite), so the
 * dialogue core never imports the index code: the widget and the replay CLI hand both in.
 * The threshold comes from the index manifest's calibration for that embedder.
 */
export class IndexRetriever<E extends Embedder> implements Retriever {
  readonly documents: readonly KnowledgeDocument[];

  constructor(
    private readonly index: SearchableIndex<E>,
    private readonly embedder: E,
  ) {
    this.documents = index.manifest.documents.map((d) => ({
      id: d.id,
      title: d.title,
      attachable: d.attachable,
    }));
  }

  get threshold(): RetrievalThreshold {
    return this.index.threshold;
  }

  async search(query: string, k: number): Promise<Passage[]> {
    if (query.trim() === "") return [];
    const hits = await this.index.query(this.embedder, query, k);
    // Ranked by the index's fused score; the threshold is about cosine, so the best cosine leads.
    return hits
      .map((h) => ({
        id: h.chunkId,
        documentId: h.docId,
        title: h.title,
        text: h.text,
        score: h.score,
      }))
      .sort((a, b) => b.score - a.score);
  }
}
