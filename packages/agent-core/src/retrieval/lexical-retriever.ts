import type { KnowledgeDocument, Passage, RetrievalThreshold, Retriever } from "./retriever";
import { withStandardWords } from "../understanding/everyday-words";
import { contentTerms, sparseCosine, termCounts } from "../understanding/text";

/** An inline knowledge passage, as a story writes it. */
export interface InlinePassage {
  id: string;
  title: string;
  text: string;
  /** Defaults to `id`: one passage per document. */
  documentId?: string;
  attachable?: boolean;
}

/**
 * Cut-off for TF-IDF cosine, calibrated on the example sites' stories: questions the passages answer
 * score 0.18-0.75, unrelated ones 0-0.13 (a lexical score cannot see paraphrases: an index with
 * an embedder does better).
 */
export const LEXICAL_THRESHOLD: RetrievalThreshold = { noAnswerBelow: 0.15, greyZoneFrom: 0.1 };

/**
 * TF-IDF cosine retrieval over a handful of passages, with no model: what `parley replay` uses
 * for a story's inline knowledge, and a stand-in wherever no embedder is loaded. Terms the
 * passages never use weigh as much as the rarest known term, so a question about something
 * absent ("a CRM API") scores low instead of matching on "integration" alone.
 */
export class LexicalRetriever implements Retriever {
  readonly threshold: RetrievalThreshold;
  readonly documents: readonly KnowledgeDocument[];
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly vectors: { passage: InlinePassage; vector: Map<string, number> }[];

  constructor(
    passages: readonly InlinePassage[],
    threshold: RetrievalThreshold = LEXICAL_THRESHOLD,
  ) {
    this.threshold = threshold;
    const docs = new Map<string, KnowledgeDocument>();
    for (const p of passages) {
      const id = p.documentId ?? p.id;
      if (!docs.has(id)) docs.set(id, { id, title: p.title, attachable: p.attachable ?? true });
    }
    this.documents = [...docs.values()];
    const termsPer = passages.map((p) => contentTerms(`${p.title}. ${p.text}`));
    const df = new Map<string, number>();
    for (const terms of termsPer) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    const n = passages.length;
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + n / d));
    this.maxIdf = Math.log(1 + n / 0.5);
    this.vectors = passages.map((passage, i) => ({ passage, vector: this.weigh(termsPer[i]!) }));
  }

  private weigh(terms: readonly string[]): Map<string, number> {
    const counts = termCounts(terms);
    for (const [t, c] of counts)
      counts.set(t, (1 + Math.log(c)) * (this.idf.get(t) ?? this.maxIdf));
    return counts;
  }

  async search(query: string, k: number): Promise<Passage[]> {
    return this.searchSync(query, k);
  }

  /** Synchronous form, for benchmarks and tests. */
  searchSync(query: string, k: number): Passage[] {
    const q = this.weigh(contentTerms(withStandardWords(query)));
    return this.vectors
      .map(({ passage, vector }) => ({
        id: passage.id,
        documentId: passage.documentId ?? passage.id,
        title: passage.title,
        text: passage.text,
        score: sparseCosine(q, vector),
      }))
      .filter((p) => p.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(0, k));
  }
}
