import { addressesSomeoneElse, DEFAULT_ANSWER_WORDS, fitForSpeech } from "../policy/spoken-answer";
import type { Passage, RetrievalThreshold } from "../retrieval/retriever";
import { withStandardWords } from "../understanding/everyday-words";
import { splitSentences } from "@parley/knowledge/sentences";
import { contentTerms } from "../understanding/text";

/** What kind of fact a question asks for, and how a sentence that states one looks. */
const ANSWER_TYPES: readonly [RegExp, RegExp][] = [
  [
    /\bhow (?:long|quick|quickly|fast|soon)\b|\bwhen\b|\bwhat time\b|\bhours?\b|\bdays?\b/,
    /\b\d+(?:\.\d+)?\s*(?:(?:to|-|–)\s*\d+\s*)?(?:working |business )?(?:days?|hours?|weeks?|months?|years?|minutes?|am|pm)\b/,
  ],
  [
    /\bhow much\b|\bcost\b|\bprice\b|\bpay\b|\bfree\b|\bcharge\b|\bfee\b/,
    /\b(?:free|cost|costs|price|priced|pounds?|rupees?|dollars?|euros?|£|\$|€|₹)|\d+\.\d{2}\b/,
  ],
];

/**
 * An extractive answer sized for the ear: the lead of the best passage (knowledge bases put
 * the gist first) and the sentence that best answers the question (shared words, and a stated
 * time or price when that is what is asked), at most two sentences and `maxWords` words, in
 * document order. Sentences addressed to someone not in a call ("call support") are left out.
 * Nothing is invented; null when nothing qualifies.
 */
export function composeAnswer(
  question: string,
  passages: readonly Passage[],
  threshold: RetrievalThreshold,
  maxWords: number = DEFAULT_ANSWER_WORDS,
): string | null {
  const usable = passages.filter((p) => p.score >= threshold.noAnswerBelow).slice(0, 3);
  const best = usable[0];
  if (!best) return null;
  const asked = question.toLowerCase();
  const q = new Set(contentTerms(withStandardWords(question)));
  const wantedFacts = ANSWER_TYPES.filter(([ask]) => ask.test(asked)).map(([, fact]) => fact);
  type Candidate = { text: string; passage: number; index: number; score: number };
  const candidates: Candidate[] = [];
  usable.forEach((p, passage) => {
    // A weak second passage only adds noise to a strong first one.
    if (passage > 0 && p.score < best.score * 0.5) return;
    splitSentences(p.text).forEach((text, index) => {
      if (addressesSomeoneElse(text)) return;
      const overlap = contentTerms(text).filter((t) => q.has(t)).length;
      const fact = wantedFacts.some((f) => f.test(text.toLowerCase())) ? 1.5 : 0;
      candidates.push({ text, passage, index, score: overlap + fact });
    });
  });
  if (candidates.length === 0) return null;
  const lead = candidates.find((c) => c.passage === 0) ?? candidates[0]!;
  const others = candidates
    .filter((c) => c !== lead && c.score > 0 && c.text !== lead.text)
    .sort((a, b) => b.score - a.score || a.passage - b.passage || a.index - b.index);
  // The lead states the gist, unless the question asks for a time or a price that it lacks
  // and another sentence states it; the pair is fitted to the budget in that priority.
  const priority = [lead, ...others.slice(0, 1)];
  if (others[0] && lead.score === 0 && wantedFacts.length > 0) priority.reverse();
  const kept = fitForSpeech(
    priority.map((c) => c.text),
    maxWords,
  );
  const chosen = priority
    .slice(0, kept.length)
    .map((c, i) => ({ ...c, text: kept[i]! }))
    .sort((a, b) => a.passage - b.passage || a.index - b.index)
    .map((c) => c.text);
  const text = chosen.join(" ");
  return text.length > 0 ? text : null;
}
