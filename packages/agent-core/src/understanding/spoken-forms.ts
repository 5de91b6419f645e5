/**
 * Speech-to-text writes what people say: "nine eight seven six …", "jane at example dot com",
 * "O R D 98765". These rewrite such spans into the written forms the entity patterns expect.
 */

const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
};

/** Runs of six or more spoken digits ("nine eight seven …", "double five") become digits. */
export function spokenDigitsToNumerals(text: string): string {
  const token = "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)";
  const run = new RegExp(`\\b${token}(?:[\\s,-]+${token}){5,}\\b`, "gi");
  return text.replace(run, (span) => {
    let out = "";
    let repeat = 1;
    for (const w of span.toLowerCase().split(/[\s,-]+/)) {
      if (w === "double") repeat = 2;
      else if (w === "triple") repeat = 3;
      else {
        out += (DIGIT_WORDS[w] ?? "").repeat(repeat);
        repeat = 1;
      }
    }
    return out;
  });
}

/** "jane dot doe at example dot com" → "jane.doe@example.com" (only when it forms an address). */
export function spokenEmailToWritten(text: string): string {
  return text.replace(
    /\b([a-z0-9][a-z0-9._-]*(?:\s+dot\s+[a-z0-9_-]+)*)\s+at\s+([a-z0-9-]+(?:(?:\s+dot\s+|\.)[a-z0-9-]+)+)\b/gi,
    (_m, local: string, domain: string) =>
      `${local.replace(/\s+dot\s+/gi, ".")}@${domain.replace(/\s+dot\s+/gi, ".")}`,
  );
}
