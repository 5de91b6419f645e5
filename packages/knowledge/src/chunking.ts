/**
 * Documents arrive as blocks (headings and paragraphs, whatever the source format) and leave as
 * chunks sized for the embedder: split at headings, then at paragraphs, then at sentences,
 * with the last sentence of a chunk repeated at the start of the next one in the same section
 * so an answer that straddles the cut is still found. Every chunk keeps its section title.
 */
import { splitSentences } from "./sentences";

export type DocBlock =
  { kind: "heading"; level: number; text: string } | { kind: "paragraph"; text: string };

export interface TextChunk {
  /** Heading path below the document title, e.g. "Returns › Processing time"; "" before any heading. */
  section: string;
  text: string;
}

export interface ChunkingOptions {
  /** Upper bound of words per chunk (the embedder's sweet spot). */
  maxWords: number;
  /** Sentences carried over from the previous chunk of the same section. */
  overlapSentences: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { maxWords: 90, overlapSentences: 1 };

const wordCount = (text: string) => (text.match(/\S+/g) ?? []).length;

export function chunkBlocks(
  blocks: readonly DocBlock[],
  documentTitle: string,
  options: ChunkingOptions = DEFAULT_CHUNKING,
): TextChunk[] {
  const chunks: TextChunk[] = [];
  const headingPath: { level: number; text: string }[] = [];
  let section = "";
  let sentences: string[] = [];
  let words = 0;

  const flush = (keepOverlap: boolean) => {
    if (sentences.length > 0) chunks.push({ section, text: sentences.join(" ") });
    const last = sentences[sentences.length - 1];
    const overlap =
      keepOverlap && last && options.overlapSentences > 0
        ? splitSentences(last).slice(-options.overlapSentences)
        : [];
    // Overlap is context, not content: never let it take more than a third of the next chunk.
    sentences = overlap.filter((s) => wordCount(s) <= options.maxWords / 3);
    words = sentences.reduce((n, s) => n + wordCount(s), 0);
  };

  // A heading before any text is the document's own title ("TechCorp Refund Policy"): the title
  // is already in every embedding text, so it stays out of the section path.
  const firstText = blocks.findIndex((b) => b.kind === "paragraph");
  const titleHeading = blocks.findIndex((b) => b.kind === "heading");
  for (const [position, block] of blocks.entries()) {
    if (block.kind === "heading") {
      flush(false);
      if (position === titleHeading && (firstText === -1 || position < firstText)) continue;
      while (headingPath.length > 0 && headingPath[headingPath.length - 1]!.level >= block.level)
        headingPath.pop();
      headingPath.push({ level: block.level, text: block.text.trim() });
      section = headingPath
        .map((h) => h.text)
        .filter((text) => text.toLowerCase() !== documentTitle.toLowerCase())
        .join(" › ");
      continue;
    }
    const paragraph = block.text.replace(/[ \t]+/g, " ").trim();
    if (!paragraph) continue;
    const paragraphWords = wordCount(paragraph);
    // A paragraph that fits joins the current chunk whole, so list items stay together.
    if (paragraphWords <= options.maxWords && words + paragraphWords <= options.maxWords) {
      sentences.push(paragraph);
      words += paragraphWords;
      continue;
    }
    if (paragraphWords <= options.maxWords) {
      flush(true);
      sentences.push(paragraph);
      words += paragraphWords;
      continue;
    }
    for (const sentence of splitSentences(paragraph)) {
      const n = wordCount(sentence);
      if (words + n > options.maxWords && sentences.length > options.overlapSentences) flush(true);
      sentences.push(sentence);
      words += n;
    }
  }
  flush(false);
  return dedupeOverlapOnly(chunks);
}

/** The text given to the embedder: title and section carry most of a short chunk's meaning. */
export function embeddingText(documentTitle: string, chunk: TextChunk): string {
  const head = chunk.section ? `${documentTitle} › ${chunk.section}` : documentTitle;
  return `${head}. ${chunk.text}`;
}

function dedupeOverlapOnly(chunks: TextChunk[]): TextChunk[] {
  return chunks.filter((chunk, i) => {
    const previous = chunks[i - 1];
    return !(previous && previous.section === chunk.section && previous.text.endsWith(chunk.text));
  });
}
