import type { Passage, RetrievalThreshold } from "../retrieval/retriever";
import { contentTerms, sentences } from "../understanding/text";

/** Longest spoken answer: about 20 seconds of speech. */
const MAX_ANSWER_CHARS = 420;

/**
 * An extractive answer: the lead of the best passage (knowledge bases put the gist first) and,
 * from it and the other passages that clear the threshold, the sentences that share the most
 * words with the question, in reading order. Nothing is invented; null when nothing qualifies.
 */
export function composeAnswer(question: string, passages: readonly Passage[], threshold: RetrievalThreshold): string | null {
  const usable = passages.filter((p) => p.score >= threshold.noAnswerBelow).slice(0, 3);
  const best = usable[0];
  if (!best) return null;
  const q = new Set(contentTerms(question));
  type Candidate = { text: string; passage: number; index: number; overlap: number };
  const candidates: Candidate[] = [];
  usable.forEach((p, passage) => {
    sentences(p.text).forEach((text, index) => {
      const overlap = contentTerms(text).filter((t) => q.has(t)).length;
      candidates.push({ text, passage, index, overlap });
    });
  });
  const chosen: Candidate[] = [];
  let length = 0;
  const take = (c: Candidate) => {
    if (chosen.includes(c) || length + c.text.length > MAX_ANSWER_CHARS) return;
    chosen.push(c);
    length += c.text.length + 1;
  };
  // The first two sentences of the best passage carry its gist.
  for (const c of candidates.filter((c) => c.passage === 0 && c.index < 2)) take(c);
  // Then the best-matching sentences elsewhere (one per passage, only if they match at all).
  for (let passage = 1; passage < usable.length; passage++) {
    const top = candidates
      .filter((c) => c.passage === passage && c.overlap > 0)
      .sort((a, b) => b.overlap - a.overlap || a.index - b.index)[0];
    if (top && usable[passage]!.score >= best.score * 0.5) take(top);
  }
  // And any strongly matching later sentence of the best passage.
  for (const c of candidates.filter((c) => c.passage === 0 && c.index >= 2 && c.overlap >= 2)) take(c);
  chosen.sort((a, b) => a.passage - b.passage || a.index - b.index);
  const text = chosen.map((c) => c.text.replace(/([^.!?])$/, "$1.")).join(" ");
  return text.length > 0 ? text : null;
}
