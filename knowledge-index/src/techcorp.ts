import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openIndex, useLiteNode } from "@parley/knowledge/node";
import { buildIndex } from "./build-index";
import type { KnowledgeIndex } from "@parley/knowledge";

/** The TechCorp demo knowledge base and where the build puts its index. */
export const TECHCORP_KNOWLEDGE_DIR = fileURLToPath(
  new URL("../../examples/techcorp/knowledge/", import.meta.url),
);
export const TECHCORP_DOCS_DIR = path.join(TECHCORP_KNOWLEDGE_DIR, "docs");
export const TECHCORP_INDEX_DIR = path.join(TECHCORP_KNOWLEDGE_DIR, "dist", "index");

/**
 * Opens the TechCorp index, building it first when it is missing or older than any document.
 * Tests, the demo and benchmarks call this instead of relying on a committed binary.
 */
export async function ensureTechcorpIndex(outDir = TECHCORP_INDEX_DIR): Promise<KnowledgeIndex> {
  if (await isStale(outDir)) {
    const embedder = await useLiteNode();
    try {
      await buildIndex({ docsDir: TECHCORP_DOCS_DIR, outDir, embedder });
    } finally {
      await embedder.dispose();
    }
  }
  return openIndex(outDir);
}

async function isStale(outDir: string): Promise<boolean> {
  const built = await stat(path.join(outDir, "manifest.json")).catch(() => undefined);
  if (!built) return true;
  const { readdir } = await import("node:fs/promises");
  const names = await readdir(TECHCORP_DOCS_DIR);
  const times = await Promise.all(
    names.map(async (n) => (await stat(path.join(TECHCORP_DOCS_DIR, n))).mtimeMs),
  );
  return times.some((t) => t > built.mtimeMs);
}
