import type { DocBlock } from "@parley/knowledge";
import type { ParsedContent } from "./parsed-document";

/**
 * Plain text: paragraphs separated by blank lines. A short first line followed by a blank line
 * is the title; a short line in Title Case or ending with ":" followed by text is a heading.
 */
export function parseText(source: string): ParsedContent {
  const paragraphs = source
    .replace(/^\uFEFF/, "")
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const blocks: DocBlock[] = [];
  let title: string | undefined;
  paragraphs.forEach((paragraph, i) => {
    const isShort = paragraph.length <= 80 && !/[.!?]$/.test(paragraph);
    if (i === 0 && isShort && paragraphs.length > 1) {
      title = paragraph;
      blocks.push({ kind: "heading", level: 1, text: paragraph });
    } else if (isShort && paragraph.split(" ").length <= 8) {
      blocks.push({ kind: "heading", level: 2, text: paragraph.replace(/:$/, "") });
    } else {
      blocks.push({ kind: "paragraph", text: paragraph });
    }
  });
  return { ...(title ? { title } : {}), blocks };
}
