/**
 * The one sentence splitter of Parley: for speech (the widget says each sentence as soon as it
 * is complete), for chunking knowledge documents, and for the Lite brain's answers.
 *
 * Splits text that arrives in pieces (streamed `immediate_response` increments) into complete
 * sentences, so speech can begin with the first sentence while the model is still writing the
 * rest. A sentence ends at `.`, `!`, `?` or `…` followed by whitespace; abbreviations ("e.g.",
 * "Mr.") and numbers ("5.5", "v2.0") do not end a sentence. `flush()` returns what is left.
 */

const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "st",
  "vs",
  "etc",
  "e.g",
  "i.e",
  "approx",
  "no",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "inc",
  "ltd",
  "co",
  "a.m",
  "p.m",
]);

/** Shortest sentence worth its own utterance; shorter ones are joined to the next ("Sure!"). */
const DEFAULT_MIN_CHARS = 2;

export class SentenceSplitter {
  private buffer = "";

  constructor(private readonly minChars = DEFAULT_MIN_CHARS) {}

  /** Add text; returns the sentences that became complete. */
  push(text: string): string[] {
    this.buffer += text;
    const sentences: string[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i]!;
      if (ch !== "." && ch !== "!" && ch !== "?" && ch !== "…") continue;
      // Swallow runs of closing punctuation and quotes: `?!`, `..."`, `.)`.
      let end = i + 1;
      while (end < this.buffer.length && /[.!?…"'”’)\]]/.test(this.buffer[end]!)) end++;
      // The end of the buffer is not yet the end of a sentence: more text may follow ("5." → "5.5").
      if (end >= this.buffer.length) break;
      if (!/\s/.test(this.buffer[end]!)) {
        i = end - 1;
        continue;
      }
      const candidate = this.buffer.slice(start, end).trim();
      if (ch === "." && endsWithAbbreviation(candidate)) {
        i = end - 1;
        continue;
      }
      if (candidate.length >= this.minChars) {
        sentences.push(candidate);
        start = end;
      }
      i = end - 1;
    }
    this.buffer = this.buffer.slice(start);
    return sentences;
  }

  /** The remaining text (the last sentence, often without final punctuation). */
  flush(): string | null {
    const rest = this.buffer.trim();
    this.buffer = "";
    return rest.length > 0 ? rest : null;
  }
}

function endsWithAbbreviation(sentence: string): boolean {
  const match = /(?:^|\s)([A-Za-z](?:\.?[A-Za-z])*)\.$/.exec(sentence);
  if (!match) return false;
  const word = match[1]!.toLowerCase();
  // Single capital letters are initials ("J. Doe"); known abbreviations never end a sentence.
  return ABBREVIATIONS.has(word) || (word.length === 1 && /[A-Z]/.test(match[1]!));
}

/** Split a complete text into sentences (for text that did not stream). */
export function splitSentences(text: string): string[] {
  const splitter = new SentenceSplitter();
  const out = splitter.push(text);
  const rest = splitter.flush();
  if (rest) out.push(rest);
  return out;
}
