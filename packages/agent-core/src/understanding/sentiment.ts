import type { Sentiment } from "@parley/protocol";
import { normalizeText } from "./text";

/**
 * Sentiment of one utterance from a small lexicon: enough to follow the brief's trajectory
 * (angry → neutral → satisfied) and to raise a complaint's urgency. Words in capitals and
 * repeated exclamation marks count as anger, as they do in transcripts.
 */
const ANGRY =
  /\b(?:unacceptable|ridiculous|outrageous|furious|angry|worst|terrible|horrible|pathetic|useless|disgusting|scam|fraud|idiot|idiots|stupid|damn|hell|wtf|rubbish|incompetent|fed up|sick of|never again|joke)\b/g;
const NEGATIVE =
  /\b(?:disappointed|unhappy|not happy|frustrat\w*|annoy\w*|upset|bad|poor|problem|issue|broken|damaged|late|delay\w*|haven't received|have not received|still waiting|wrong|complain\w*|not working|unfortunately)\b/g;
const POSITIVE =
  /\b(?:thanks|thank you|great|perfect|awesome|excellent|wonderful|appreciate\w*|helpful|good news|lovely|fantastic|brilliant|amazing|glad|happy|that's fine|sounds good)\b/g;

export function sentimentOf(raw: string): Sentiment {
  const t = normalizeText(raw);
  let angry = (t.match(ANGRY) ?? []).length;
  const negative = (t.match(NEGATIVE) ?? []).length;
  const positive = (t.match(POSITIVE) ?? []).length;
  const shouted = (raw.slice(0, 2000).match(/\b[A-Z]{4,}\b/g) ?? []).filter(
    (w) => !/^(?:ORD|TRK|API|SMS|USB)/.test(w),
  );
  if (shouted.length >= 2 || /!{2,}/.test(raw)) angry += 1;
  if (/\bnot (?:happy|good|acceptable)\b/.test(t)) angry += 0; // counted as negative above
  if (angry > 0 && angry + negative >= 1 && positive <= angry) return "angry";
  if (negative > positive) return "negative";
  if (positive > 0) return "positive";
  return "neutral";
}
