import { parse, type HTMLElement, NodeType, type Node } from "node-html-parser";
import type { DocBlock } from "@parley/knowledge";
import type { ParsedContent } from "./parsed-document";

const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "nav",
  "header",
  "footer",
  "form",
  "button",
]);
const BLOCK = new Set([
  "p",
  "li",
  "dd",
  "dt",
  "td",
  "th",
  "blockquote",
  "pre",
  "figcaption",
  "caption",
  "address",
]);

/** HTML: <title>/<h1> as title, h1–h6 as headings, text blocks as paragraphs; chrome skipped. */
export function parseHtml(source: string): ParsedContent {
  const root = parse(source, {
    comment: false,
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  });
  const blocks: DocBlock[] = [];
  const body =
    root.querySelector("main") ??
    root.querySelector("article") ??
    root.querySelector("body") ??
    root;
  let loose: string[] = [];
  const flushLoose = () => {
    const text = loose.join(" ").replace(/\s+/g, " ").trim();
    if (text) blocks.push({ kind: "paragraph", text });
    loose = [];
  };
  const walk = (node: Node) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      loose.push(node.text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const element = node as HTMLElement;
    const tag = element.tagName?.toLowerCase() ?? "";
    if (SKIP.has(tag)) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flushLoose();
      const text = element.text.replace(/\s+/g, " ").trim();
      if (text) blocks.push({ kind: "heading", level: Number(heading[1]), text });
      return;
    }
    if (BLOCK.has(tag)) {
      flushLoose();
      const text = element.text.replace(/\s+/g, " ").trim();
      if (text) blocks.push({ kind: "paragraph", text });
      return;
    }
    const isContainer = [
      "div",
      "section",
      "article",
      "main",
      "ul",
      "ol",
      "dl",
      "table",
      "tr",
      "tbody",
      "thead",
      "body",
      "aside",
    ].includes(tag);
    if (isContainer) flushLoose();
    for (const child of element.childNodes) walk(child);
    if (isContainer) flushLoose();
  };
  walk(body);
  flushLoose();
  const pageTitle = root.querySelector("title")?.text.replace(/\s+/g, " ").trim();
  const h1 = blocks.find((b) => b.kind === "heading" && b.level === 1);
  const title = pageTitle || (h1 && "level" in h1 ? h1.text : undefined);
  return { ...(title ? { title } : {}), blocks };
}
