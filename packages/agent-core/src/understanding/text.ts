/**
 * Small text utilities shared by the Lite brain's understanding and the lexical retriever:
 * a forgiving normaliser (speech-to-text output is lower-case-ish, punctuated at random) and
 * content terms through the project's one stemmer (@parley/knowledge's stemWord), so "refunds"
 * meets "refund" here exactly as in retrieval.
 */
import { stemWord } from "@parley/knowledge/stem";

/** Longest utterance the engine reads; the rest of a longer paste is ignored. */
export const MAX_UTTERANCE_CHARS = 2000;

const STOPWORDS = new Set(
  (
    "a an the and or but if of to in on at by for with from into about as is are was were be been being am " +
    "i me my mine we us our you your yours he she it its they them their this that these those there here " +
    "do does did doing have has had having can could would should will shall may might must " +
    "what which who whom whose when where why how please just so very too also any some all no not " +
    "don t s ll re ve d m didn doesn isn aren wasn won can't cannot " +
    "than then there's it's i'm i'd i'll you're what's that's let let's get got give tell know want like okay ok " +
    // Fillers and hedges of everyday speech carry no topic ("um, like, some kind of guarantee").
    "um umm uh er erm hmm hiya hi hey well really basically kind sort thing things stuff lot lots bit already mate"
  ).split(" "),
);

/** Lower case, straight quotes, no control characters, single spaces. */
export function normalizeText(input: string): string {
  return (
    input
      .slice(0, MAX_UTTERANCE_CHARS)
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      // Control characters and U+FFFD (what undecodable bytes become) read as spaces.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase()
  );
}

/** Words of `text` (letters, digits, inner hyphens/apostrophes), lower case. */
export function words(text: string): string[] {
  return normalizeText(text).match(/[a-z0-9]+(?:['-][a-z0-9]+)*/g) ?? [];
}

/** Stemmed content words: what carries the meaning of a question. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    for (const part of w.split(/['-]/)) if (part && !STOPWORDS.has(part)) out.push(stemWord(part));
  }
  return out;
}

/** Term-frequency vector as a map, for cosine similarity over words. */
export function termCounts(terms: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
