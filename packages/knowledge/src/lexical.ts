/**
 * Lexical scoring (BM25) so exact names and ids — "Salesforce API v2.0", "ORD98765", "X1 Pro" —
 * count even when the sentence embedding blurs them. Pure code, same in Node and the browser;
 * the postings are built when an index is loaded (≈ 1 s per 100k chunks), so the file format
 * stays just texts + vectors.
 */
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
      terms.push(stem(part));
    }
  }
  return terms;
}

/** A deliberately small suffix stripper: refunds/refunded/refunding → refund, received/receive → receiv. */
function stem(word: string): string {
  const stripped = stripSuffix(word);
  return stripped.length > 4 && stripped.endsWith("e") ? stripped.slice(0, -1) : stripped;
}

function stripSuffix(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 5) return word.slice(0, -2);
  if (word.endsWith("es") && /(?:x|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

const K1 = 1.2;
const B = 0.75;

export class Bm25Index {
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly lengths: Float32Array;
  private readonly averageLength: number;

  constructor(texts: readonly string[]) {
    this.lengths = new Float32Array(texts.length);
    let total = 0;
    texts.forEach((text, doc) => {
      const counts = new Map<string, number>();
      const terms = lexicalTerms(text);
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      this.lengths[doc] = terms.length;
      total += terms.length;
      for (const [term, tf] of counts) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = { docs: [], tfs: [] }));
        posting.docs.push(doc);
        posting.tfs.push(tf);
      }
    });
    this.averageLength = texts.length > 0 ? Math.max(1, total / texts.length) : 1;
  }

  get size(): number {
    return this.lengths.length;
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
   * Returns only the texts with a non-zero score.
   */
  scores(query: string): Map<number, number> {
    const terms = [...new Set(lexicalTerms(query))];
    const result = new Map<number, number>();
    if (terms.length === 0 || this.size === 0) return result;
    let ideal = 0;
    for (const term of terms) ideal += this.idf(term);
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term);
      for (let p = 0; p < posting.docs.length; p++) {
        const doc = posting.docs[p]!;
        const tf = posting.tfs[p]!;
        const norm = K1 * (1 - B + (B * this.lengths[doc]!) / this.averageLength);
        const score = (idf * tf * (K1 + 1)) / (tf + norm);
        result.set(doc, (result.get(doc) ?? 0) + score / ideal);
      }
    }
    for (const [doc, score] of result) result.set(doc, Math.min(1, score));
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
