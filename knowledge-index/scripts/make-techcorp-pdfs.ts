// Regenerates the TechCorp PDF attachments from their Markdown sources:
//   examples/techcorp/knowledge/sources/<name>.md → examples/techcorp/knowledge/docs/<name>.pdf
// The PDFs are committed (a few KB each, byte-stable); techcorp_pdfs_match_sources.test.ts fails
// when a source changed and this script was not re-run.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { markdownToPdf } from "../src/markdown-pdf";
import { TECHCORP_KNOWLEDGE_DIR } from "../src/techcorp";

const sources = path.join(TECHCORP_KNOWLEDGE_DIR, "sources");
for (const name of readdirSync(sources).filter((f) => f.endsWith(".md"))) {
  const markdown = readFileSync(path.join(sources, name), "utf8");
  const title = /^#\s+(.*)$/m.exec(markdown)?.[1] ?? name;
  const out = path.join(TECHCORP_KNOWLEDGE_DIR, "docs", name.replace(/\.md$/, ".pdf"));
  const bytes = await markdownToPdf(markdown, { title });
  writeFileSync(out, bytes);
  console.log(`wrote ${path.relative(process.cwd(), out)} (${bytes.length} bytes)`);
}
