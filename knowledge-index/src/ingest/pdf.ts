import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { KnowledgeError, oneLine, type DocBlock } from "@parley/knowledge";
import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { ParsedContent } from "./parsed-document";

interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

const standardFontDataUrl = (() => {
  const require = createRequire(import.meta.url);
  return `${pathToFileURL(path.join(path.dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts")).href}/`;
})();

/**
 * PDF text through Mozilla's pdf.js. Lines are rebuilt from positioned text runs; a line set
 * noticeably larger than the body text is a heading, and a vertical gap wider than the usual
 * line spacing ends a paragraph. Encrypted or damaged files are errors naming the file.
 */
export async function parsePdf(bytes: Uint8Array, file: string): Promise<ParsedContent> {
  let pdf;
  try {
    pdf = await getDocument({
      data: bytes.slice(), // pdf.js takes ownership of (detaches) the buffer it is given
      isEvalSupported: false,
      useSystemFonts: false,
      standardFontDataUrl,
      verbosity: VerbosityLevel.ERRORS,
    }).promise;
  } catch (cause) {
    const name = (cause as { name?: string }).name;
    if (name === "PasswordException")
      throw new KnowledgeError(
        "encrypted",
        "the PDF is encrypted (password-protected); export it without a password",
        { file, cause },
      );
    if (name === "InvalidPDFException")
      throw new KnowledgeError("unreadable", "is not a valid PDF (damaged or not a PDF)", {
        file,
        cause,
      });
    throw new KnowledgeError("unreadable", `the PDF cannot be read: ${oneLine(cause)}`, {
      file,
      cause,
    });
  }
  try {
    const lines: Line[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      let current: Line | undefined;
      for (const item of content.items) {
        if (!("str" in item)) continue;
        const y = item.transform[5] as number;
        const size = Math.abs((item.transform[3] as number) || item.height);
        if (current && Math.abs(current.y - y) > 1) {
          if (current.text.trim()) lines.push(current);
          current = undefined;
        }
        if (!item.str) continue;
        if (!current) current = { text: "", size, y, page: pageNumber };
        current.text += item.str;
        current.size = Math.max(current.size, size);
      }
      if (current?.text.trim()) lines.push(current);
      page.cleanup();
    }
    const meta = await pdf.getMetadata().catch(() => undefined);
    const metaTitle = (meta?.info as { Title?: unknown } | undefined)?.Title;
    return {
      ...linesToBlocks(lines),
      ...(typeof metaTitle === "string" && metaTitle.trim() ? { title: metaTitle.trim() } : {}),
    };
  } finally {
    await pdf.destroy();
  }
}

function linesToBlocks(lines: Line[]): ParsedContent {
  const sizes = lines.map((l) => Math.round(l.size * 10) / 10);
  const bodySize = mode(sizes) ?? 10;
  const headingSizes = [...new Set(sizes.filter((s) => s >= bodySize * 1.15))].sort(
    (a, b) => b - a,
  );
  const blocks: DocBlock[] = [];
  let paragraph: string[] = [];
  let previous: Line | undefined;
  const flush = () => {
    const text = paragraph.join(" ").replace(/\s+/g, " ").trim();
    if (text) blocks.push({ kind: "paragraph", text });
    paragraph = [];
  };
  for (const line of lines) {
    const size = Math.round(line.size * 10) / 10;
    const level = headingSizes.indexOf(size);
    if (level >= 0) {
      flush();
      blocks.push({
        kind: "heading",
        level: Math.min(level + 1, 6),
        text: line.text.replace(/\s+/g, " ").trim(),
      });
      previous = line;
      continue;
    }
    const gap = previous && previous.page === line.page ? previous.y - line.y : 0;
    const isBullet = /^\s*(?:[•\-–*]|\d+[.)])\s+/.test(line.text);
    if (previous && (previous.page !== line.page ? false : gap > line.size * 1.8)) flush();
    if (isBullet) flush();
    paragraph.push(line.text.replace(/^\s*[•\-–*]\s+/, ""));
    previous = line;
  }
  flush();
  const first = blocks.find((b) => b.kind === "heading");
  return { ...(first && first.kind === "heading" ? { title: first.text } : {}), blocks };
}

function mode(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}
