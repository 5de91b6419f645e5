import type { Passage, RetrievalThreshold } from "../retrieval/retriever";
import { splitSentences } from "@parley/knowledge/sentences";
import { contentTerms } from "../understanding/text";

/** Longest spoken answer: about 20 seconds of speech. */
const MAX_ANSWER_CHARS = 420;
const MAX_SENTENCES = 3;

/**
 * An extractive answer: the lead of the best passage (knowledge bases put the gist first) and
 * then the sentences, from the passages that clear the threshold, that share the most words
 * with the question, read in document order. Nothing is invented; null when nothing qualifies.
 */
export function composeAnswer(
  question: string,
  passages: readonly Passage[],
  threshold: RetrievalThreshold,
): string | null {
  const usable = passages.filter((p) => p.score >= threshold.noAnswerBelow).slice(0, 3);
  const best = usable[0];
  if (!best) return null;
  const q = new Set(contentTerms(question));
  type Candidate = { text: string; passage: number; index: number; overlap: number };
  const candidates: Candidate[] = [];
  usable.forEach((p, passage) => {
    // A weak second passage only adds noise to a strong first one.
    if (passage > 0 && p.score < best.score * 0.5) return;
    splitSentences(p.text).forEach((text, index) => {
      const overlap = contentTerms(text).filter((t) => q.has(t)).length;
      candidates.push({ text, passage, index, overlap });
    });
  });
  const chosen: Candidate[] = [];
  let length = 0;
  const take = (c: Candidate) => {
    if (
      chosen.length >= MAX_SENTENCES ||
      chosen.includes(c) ||
      length + c.text.length > MAX_ANSWER_CHARS
    )
      return;
    if (chosen.some((o) => o.text === c.text)) return;
    chosen.push(c);
    length += c.text.length + 1;
  };
  // The first sentence of the best passage carries its gist; the second when it matches or
  // continues it (short passages are often two-sentence answers).
  const lead = candidates.filter((c) => c.passage === 0 && c.index < 2);
  for (const c of lead) if (c.index === 0 || c.overlap > 0 || lead[0]!.overlap === 0) take(c);
  const rest = candidates
    .filter((c) => c.overlap > 0)
    .sort((a, b) => b.overlap - a.overlap || a.passage - b.passage || a.index - b.index);
  for (const c of rest) take(c);
  chosen.sort((a, b) => a.passage - b.passage || a.index - b.index);
  const text = chosen.map((c) => c.text.replace(/([^.!?])$/, "$1.")).join(" ");
  return text.length > 0 ? text : null;
}
