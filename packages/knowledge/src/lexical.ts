/**
 * Lexical scoring (BM25) so exact names and ids — "Salesforce API v2.0", "ORD98765", "X1 Pro" —
 * count even when the sentence embedding blurs them. Pure code, same in Node and the browser;
 * the postings are built when an index is loaded (≈ 1 s per 100k chunks), so the file format
 * stays just texts + vectors (stemming changes no file).
 */
import { stemWord } from "./stem";

const STOPWORDS = new Set(
  (
    "a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its " +
    "me my of on or our please so than that the their them then there these they this to was we were what when where " +
    "which who why will with would you your yours about any also am just like tell know want need get"
  ).split(" "),
);

/** Word-ish tokens; keeps dotted/dashed compounds ("v2.0", "5-7", "30-day") and their parts. */
export function lexicalTerms(text: string): string[] {
  const normalized = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const terms: string[] = [];
  for (const match of normalized.matchAll(/[\p{L}\p{N}]+(?:[.\-/'][\p{L}\p{N}]+)*/gu)) {
    const word = match[0];
    const parts = word.split(/[.\-/']/);
    if (parts.length > 1) terms.push(word);
    for (const part of parts) {
      if (part.length === 0 || STOPWORDS.has(part)) continue;
      terms.push(stemWord(part));
    }
  }
  return terms;
}

const K1 = 1.2;
const B = 0.75;

export class Bm25Index {
  /** Per term: the texts containing it and their BM25 term-frequency factor tf·(k1+1)/(tf+norm). */
  private readonly postings = new Map<string, { docs: Int32Array; weights: Float32Array }>();
  private readonly buffer: Float32Array;
  readonly size: number;

  constructor(texts: readonly string[]) {
    this.size = texts.length;
    this.buffer = new Float32Array(texts.length);
    const perText = texts.map((text) => lexicalTerms(text));
    const averageLength = Math.max(
      1,
      perText.reduce((n, terms) => n + terms.length, 0) / Math.max(1, texts.length),
    );
    const lists = new Map<string, { docs: number[]; weights: number[] }>();
    perText.forEach((terms, doc) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      const norm = K1 * (1 - B + (B * terms.length) / averageLength);
      for (const [term, tf] of counts) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { docs: [], weights: [] }));
        list.docs.push(doc);
        list.weights.push((tf * (K1 + 1)) / (tf + norm));
      }
    });
    for (const [term, list] of lists) {
      this.postings.set(term, {
        docs: Int32Array.from(list.docs),
        weights: Float32Array.from(list.weights),
      });
    }
  }

  /** How many texts contain `term`. */
  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * BM25 of `query` against every text, divided by the score a text would get for containing
   * each query term once at average length (Σ idf). 1 ≈ "every term of the question is here";
   * terms the index has never seen (a product we do not sell) weigh the most and pull it down.
   * Writes into `out` (zeroed by the caller) and returns the indices it touched.
   */
  accumulate(query: string, out: Float32Array): number[] {
    const terms = [...new Set(lexicalTerms(query))];
    if (terms.length === 0 || this.size === 0) return [];
    let ideal = 0;
    for (const term of terms) ideal += this.idf(term);
    const touched: number[] = [];
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const factor = this.idf(term) / ideal;
      const { docs, weights } = posting;
      for (let p = 0; p < docs.length; p++) {
        const doc = docs[p]!;
        if (out[doc] === 0) touched.push(doc);
        out[doc]! += factor * weights[p]!;
      }
    }
    for (const doc of touched) out[doc] = Math.min(1, out[doc]!);
    return touched;
  }

  /** The same scores as a map of text index → score (only non-zero ones). */
  scores(query: string): Map<number, number> {
    const touched = this.accumulate(query, this.buffer);
    const result = new Map<number, number>();
    for (const doc of touched) {
      result.set(doc, this.buffer[doc]!);
      this.buffer[doc] = 0;
    }
    return result;
  }
}

/**
 * Names in a question that the knowledge base never mentions: product or company names
 * (capitalised inside the sentence), acronyms (API, SDK) and versions or ids (v2.0, X200).
 * USE-lite embeds unfamiliar names close to familiar ones ("Salesforce API v2.0" lands near
 * "WhatsApp and SMS"), so cosine alone would claim an answer the documents do not contain;
 * these names lower the decision score instead (see KnowledgeIndex.search).
 */
export function unknownNames(question: string, index: Bm25Index): string[] {
  const names: string[] = [];
  for (const match of question.matchAll(/[\p{L}\p{N}]+(?:[.\-+][\p{L}\p{N}]+)*/gu)) {
    const word = match[0];
    const startsSentence = /(?:^|[.!?:;]\s*)$/.test(question.slice(0, match.index).trimEnd());
    const hasLetterAndDigit = /\d/.test(word) && /\p{L}/u.test(word);
    const isAcronym = /^\p{Lu}{2,}$/u.test(word);
    const isCapitalisedInside = !startsSentence && word.length > 1 && /^\p{Lu}/u.test(word);
    if (!hasLetterAndDigit && !isAcronym && !isCapitalisedInside) continue;
    const terms = lexicalTerms(word);
    if (terms.length > 0 && terms.every((term) => index.df(term) === 0)) names.push(word);
  }
  return [...new Set(names)];
}
