import type { DocBlock } from "@parley/knowledge";
import type { ParsedContent } from "./parsed-document";

/**
 * Markdown to headings and paragraphs: ATX headings (#…######), paragraphs separated by blank
 * lines, list items kept as one paragraph per item, optional front matter (title, attachable).
 * Inline markup is reduced to its text so the embedder sees words, not syntax.
 */
export function parseMarkdown(
  source: string,
): ParsedContent & { frontMatter: Record<string, string> } {
  const frontMatter: Record<string, string> = {};
  let body = source.replace(/^\uFEFF/, "");
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(body);
  if (fm) {
    for (const line of fm[1]!.split(/\r?\n/)) {
      const kv = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(line);
      if (kv) frontMatter[kv[1]!.toLowerCase()] = kv[2]!.trim().replace(/^["']|["']$/g, "");
    }
    body = body.slice(fm[0].length);
  }
  const blocks: DocBlock[] = [];
  let paragraph: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = paragraph.join(" ").trim();
    if (text) blocks.push({ kind: "paragraph", text: inlineText(text) });
    paragraph = [];
  };
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      paragraph.push(line);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1]!.length, text: inlineText(heading[2]!) });
      continue;
    }
    if (/^\s*$/.test(line)) {
      flush();
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      paragraph.push(line.replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
      continue;
    }
    if (/^\s*\|?\s*:?-{3,}/.test(line)) continue; // table separator row
    paragraph.push(
      line
        .replace(/^\s*>\s?/, "")
        .replace(/\|/g, " ")
        .trim(),
    );
  }
  flush();
  const firstH1 = blocks.find((b) => b.kind === "heading" && b.level === 1);
  const title = frontMatter.title || (firstH1 && "text" in firstH1 ? firstH1.text : undefined);
  return { ...(title ? { title } : {}), blocks, frontMatter };
}

function inlineText(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.*?)\1/g, "$2")
    .replace(/(^|[^\w*])[*_]([^*_]+)[*_](?=[^\w*]|$)/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
