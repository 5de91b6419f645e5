import { splitSentences } from "@parley/knowledge/sentences";

/** Default length of a spoken answer, in words (a site sets its own: `maxAnswerWords`). */
export const DEFAULT_ANSWER_WORDS = 35;
/** Sentences in one spoken answer: more is a monologue; "tell me more" reads on. */
export const ANSWER_SENTENCES = 2;

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /\w/.test(w)).length;
}

/**
 * A sentence written for a reader who is not in a call: an instruction to contact support,
 * call a number or start a chat ("To make a claim, call support or start a chat with our
 * voice agent"). Read to a visitor already talking to the agent it makes no sense.
 */
export function addressesSomeoneElse(sentence: string): boolean {
  const s = sentence.toLowerCase();
  const instruction =
    /^(?:(?:to|for|if you)\b[^,]{0,60},\s*)?(?:please\s+)?(?:just\s+)?(?:call|phone|ring|contact|email|e-mail|write to|reach out to|get in touch with|start a chat|chat with|visit|talk to|speak to)\b/.test(
      s,
    );
  const toSupport =
    /\b(?:support|customer (?:care|service)|helpline|voice agent|chat|our team|the team|agent|hotline)\b/.test(
      s,
    );
  return instruction && toSupport;
}

/** A passage as sentences a visitor can be told (instructions to others left out). */
export function speakableSentences(text: string): string[] {
  return splitSentences(text).filter((s) => !addressesSomeoneElse(s));
}

/**
 * At most two sentences and `maxWords` words, keeping order; the first sentence is kept even
 * when it alone is longer (cut at a clause if it is past the hard limit).
 */
export function fitForSpeech(chosen: readonly string[], maxWords: number): string[] {
  const out: string[] = [];
  let words = 0;
  for (const s of chosen) {
    const n = wordCount(s);
    if (out.length >= ANSWER_SENTENCES || (out.length > 0 && words + n > maxWords)) break;
    out.push(s);
    words += n;
  }
  if (out.length === 1 && words > maxWords * 1.6) out[0] = cutAtClause(out[0]!, maxWords);
  return out.map((s) => s.replace(/([^.!?])$/, "$1."));
}

function cutAtClause(sentence: string, maxWords: number): string {
  const words = sentence.split(/\s+/);
  const head = words.slice(0, Math.round(maxWords * 1.4)).join(" ");
  const cut = head.replace(/[,;:][^,;:]*$/, "");
  return `${cut.length > 20 ? cut : head}.`;
}
