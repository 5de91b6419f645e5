import type { DocBlock } from "@parley/knowledge";
import { Lexer, type Token, type Tokens } from "marked";
import { parse as parseYaml } from "yaml";
import { KnowledgeError, oneLine } from "@parley/knowledge";
import type { ParsedContent } from "./parsed-document";

/** Front matter as YAML gives it: strings, numbers, booleans, lists and maps. */
export type FrontMatter = Record<string, unknown>;

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Markdown to headings and paragraphs through marked's lexer (CommonMark + GFM: ATX and setext
 * headings, lists, tables, block quotes, code), with YAML front matter read by `yaml`. Each list
 * item is its own paragraph; raw HTML and link reference definitions (`[ref]: url`) are not
 * text and are left out; inline markup is reduced to its words. Front matter gives the title
 * (before the first H1) and `attachable`.
 */
export function parseMarkdown(
  source: string,
  file?: string,
): ParsedContent & { frontMatter: FrontMatter } {
  let body = source.replace(/^\uFEFF/, "");
  let frontMatter: FrontMatter = {};
  const fm = FRONT_MATTER.exec(body);
  if (fm) {
    frontMatter = readFrontMatter(fm[1]!, file);
    body = body.slice(fm[0].length);
  }
  const blocks: DocBlock[] = [];
  collectBlocks(new Lexer({ gfm: true }).lex(body), blocks);
  const firstH1 = blocks.find((b) => b.kind === "heading" && b.level === 1);
  const title =
    (typeof frontMatter.title === "string" && frontMatter.title.trim()) ||
    (firstH1 ? firstH1.text : undefined);
  const attachable =
    typeof frontMatter.attachable === "boolean" ? { attachable: frontMatter.attachable } : {};
  return { ...(title ? { title } : {}), ...attachable, blocks, frontMatter };
}

function readFrontMatter(yaml: string, file: string | undefined): FrontMatter {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (cause) {
    throw new KnowledgeError("unreadable", `has front matter that is not YAML: ${oneLine(cause)}`, {
      file,
      cause,
    });
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data))
    throw new KnowledgeError("unreadable", "has front matter that is not a YAML map of fields", {
      file,
    });
  return data as FrontMatter;
}

function collectBlocks(tokens: readonly Token[], blocks: DocBlock[]): void {
  const paragraph = (text: string) => {
    const clean = text.replace(/\s+/g, " ").trim();
    if (clean) blocks.push({ kind: "paragraph", text: clean });
  };
  for (const token of tokens) {
    switch (token.type) {
      case "heading": {
        const text = inlineText((token as Tokens.Heading).tokens)
          .replace(/\s+/g, " ")
          .trim();
        if (text) blocks.push({ kind: "heading", level: (token as Tokens.Heading).depth, text });
        break;
      }
      case "paragraph":
      case "text":
        paragraph(inlineText((token as Tokens.Paragraph).tokens ?? [token]));
        break;
      case "list":
        for (const item of (token as Tokens.List).items) collectListItem(item, blocks);
        break;
      case "blockquote":
        collectBlocks((token as Tokens.Blockquote).tokens, blocks);
        break;
      case "code":
        paragraph((token as Tokens.Code).text);
        break;
      case "table": {
        const table = token as Tokens.Table;
        const rows = [table.header, ...table.rows].map((cells) =>
          cells.map((cell) => inlineText(cell.tokens)).join(" "),
        );
        paragraph(rows.join(" "));
        break;
      }
      // html (raw markup), def (`[ref]: url`), hr and space carry no words to index.
      default:
        break;
    }
  }
}

/** A list item's own words are one paragraph; a list nested inside it adds its own items. */
function collectListItem(item: Tokens.ListItem, blocks: DocBlock[]): void {
  const own: Token[] = [];
  const nested: Token[] = [];
  for (const child of item.tokens) (child.type === "list" ? nested : own).push(child);
  const text = own
    .map((child) =>
      "tokens" in child && child.tokens
        ? inlineText(child.tokens)
        : "text" in child
          ? child.text
          : "",
    )
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  if (text) blocks.push({ kind: "paragraph", text });
  collectBlocks(nested, blocks);
}

/** The words of inline tokens: link and emphasis text, image alt text, code; no raw HTML. */
function inlineText(tokens: readonly Token[]): string {
  let out = "";
  for (const token of tokens) {
    switch (token.type) {
      case "html":
        break;
      case "br":
        out += " ";
        break;
      case "image":
        out += (token as Tokens.Image).text;
        break;
      case "codespan":
        out += decodeEntities((token as Tokens.Codespan).text);
        break;
      default:
        if ("tokens" in token && token.tokens && token.tokens.length > 0)
          out += inlineText(token.tokens);
        else if ("text" in token && typeof token.text === "string")
          out += decodeEntities(token.text);
    }
  }
  return out;
}

/** marked leaves &amp;-style escapes in token text for its HTML renderer; the index wants characters. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
