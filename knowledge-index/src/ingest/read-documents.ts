import { readdir, readFile, stat } from "node:fs/promises";
import { mediaTypeFor } from "@parley/protocol/content-type";
import path from "node:path";
import { KnowledgeError } from "@parley/knowledge";
import { parseHtml } from "./html";
import { parseMarkdown } from "./markdown";
import { parsePdf } from "./pdf";
import { parseText } from "./text";
import { CONFIG_FILE, readKnowledgeConfig, type KnowledgeConfig } from "./knowledge-config";
import type { ParsedContent, SourceDocument } from "./parsed-document";

/** The document formats the CLI reads (their media types come from @parley/protocol). */
export const DOCUMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  ".md",
  ".markdown",
  ".txt",
  ".html",
  ".htm",
  ".pdf",
]);

export interface ReadDocumentsResult {
  documents: SourceDocument[];
  config: KnowledgeConfig;
  /** Files present but not indexed (unsupported type), relative paths. */
  skipped: string[];
}

/**
 * Reads every supported document under `docsDir` (recursively; dot-files and knowledge.json
 * excluded). Any problem — missing folder, unreadable or encrypted PDF, a document with no
 * text — is a KnowledgeError naming the file; nothing is partially returned.
 */
export async function readDocuments(docsDir: string): Promise<ReadDocumentsResult> {
  const root = path.resolve(docsDir);
  let info;
  try {
    info = await stat(root);
  } catch (cause) {
    throw new KnowledgeError("not_found", "documents folder not found", { file: docsDir, cause });
  }
  if (!info.isDirectory())
    throw new KnowledgeError("invalid_argument", "is not a folder", { file: docsDir });
  const config = await readKnowledgeConfig(root);
  const files = (await listFiles(root)).filter((rel) => rel !== CONFIG_FILE).sort();
  const skipped = files.filter((rel) => !DOCUMENT_EXTENSIONS.has(path.extname(rel).toLowerCase()));
  const supported = files.filter((rel) => DOCUMENT_EXTENSIONS.has(path.extname(rel).toLowerCase()));
  if (supported.length === 0) {
    throw new KnowledgeError("empty", `no documents to index (.md, .txt, .html, .pdf)`, {
      file: docsDir,
    });
  }
  for (const name of Object.keys(config.documents)) {
    if (!supported.includes(name))
      throw new KnowledgeError(
        "invalid_argument",
        `documents."${name}" names no document in the folder`,
        { file: path.join(docsDir, CONFIG_FILE) },
      );
  }
  const ids = new Set<string>();
  const documents: SourceDocument[] = [];
  for (const rel of supported) {
    const file = path.join(docsDir, rel);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path.join(root, rel)));
    } catch (cause) {
      throw new KnowledgeError(
        "unreadable",
        `cannot be read (${(cause as NodeJS.ErrnoException).code ?? "error"})`,
        { file, cause },
      );
    }
    const ext = path.extname(rel).toLowerCase();
    const content = await parseContent(ext, bytes, file);
    const hasText = content.blocks.some((b) => b.kind === "paragraph" && b.text.trim().length > 0);
    if (!hasText)
      throw new KnowledgeError(
        "empty",
        "no text found in this document (empty, or a scanned PDF without text)",
        { file },
      );
    const override = config.documents[rel] ?? {};
    let id = override.id ?? slug(rel.replace(/\.[^.]+$/, ""));
    if (ids.has(id)) id = slug(rel);
    ids.add(id);
    documents.push({
      ...content,
      id,
      title: override.title ?? content.title ?? humanize(path.basename(rel, ext)),
      source: rel,
      mediaType: mediaTypeFor(rel),
      attachable: override.attachable ?? content.attachable ?? ext === ".pdf",
      bytes,
    });
  }
  return { documents, config, skipped };
}

async function parseContent(ext: string, bytes: Uint8Array, file: string): Promise<ParsedContent> {
  if (ext === ".pdf") return parsePdf(bytes, file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new KnowledgeError("unreadable", "is not UTF-8 text", { file, cause });
  }
  if (ext === ".html" || ext === ".htm") return parseHtml(text);
  if (ext === ".txt") return parseText(text);
  return parseMarkdown(text, file);
}

async function listFiles(root: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

function slug(rel: string): string {
  return (
    rel
      .replace(/[^A-Za-z0-9_.:-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 128) || "document"
  );
}

function humanize(name: string): string {
  const words = name.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
