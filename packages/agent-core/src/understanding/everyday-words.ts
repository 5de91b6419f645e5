/**
 * Everyday wording mapped to the words knowledge bases are written in, so a lexical search
 * finds "send it back" in a returns policy and "what time do you shut" in opening hours. The
 * visitor's words are kept; the standard ones are added. Plain English usage, not any site's
 * vocabulary: add a pair when a common way of saying something misses its document.
 */
const PHRASES: readonly [RegExp, string][] = [
  [/\b(?:send|take|bring|give) (?:\w+ ){0,3}back\b/g, "return refund"],
  [/\bpick (?:\w+ ){0,3}up\b|\bcome (?:and|to) (?:get|grab|fetch)\b/g, "collect"],
  [/\b(?:shut|shuts|closing time|close up)\b/g, "close opening hours"],
  [/\bopening times?\b|\bwhat time do you open\b/g, "opening hours"],
  [/\b(?:voucher|vouchers|gift certificate)\b/g, "gift card"],
  [/\b(?:classes|class|courses|course|lessons|lesson|sessions)\b/g, "workshop"],
  [/\b(?:get|send) (?:\w+ ){0,2}(?:out )?to (?:me|us|my house|my place)\b/g, "delivery"],
  [/\bhow (?:quick|quickly|fast|soon)\b/g, "how long take days"],
  [/\b(?:pay for|charge for|how much is|how much are|how much does)\b/g, "cost price"],
  [/\b(?:died|dead|dying|withered)\b/g, "dies"],
  [/\b(?:deliveries)\b/g, "delivery"],
];

/** The utterance with the standard words for its everyday phrases appended. */
export function withStandardWords(text: string): string {
  const lower = text.toLowerCase();
  const added: string[] = [];
  for (const [pattern, words] of PHRASES) {
    pattern.lastIndex = 0;
    if (pattern.test(lower)) added.push(words);
  }
  return added.length ? `${text} ${added.join(" ")}` : text;
}
