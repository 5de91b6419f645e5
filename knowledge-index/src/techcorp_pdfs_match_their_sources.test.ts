import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markdownToPdf } from "./markdown-pdf";
import { TECHCORP_KNOWLEDGE_DIR } from "./techcorp";

describe("the committed TechCorp PDFs", () => {
  it("are exactly what make-techcorp-pdfs.ts produces from sources/*.md", async () => {
    const sources = path.join(TECHCORP_KNOWLEDGE_DIR, "sources");
    const names = readdirSync(sources).filter((f) => f.endsWith(".md"));
    expect(names.sort()).toEqual(["product_catalog.md", "refund_policy.md"]);
    for (const name of names) {
      const markdown = readFileSync(path.join(sources, name), "utf8");
      const title = /^#\s+(.*)$/m.exec(markdown)![1]!;
      const expected = await markdownToPdf(markdown, { title });
      const committed = readFileSync(
        path.join(TECHCORP_KNOWLEDGE_DIR, "docs", name.replace(/\.md$/, ".pdf")),
      );
      expect(
        Buffer.from(expected).equals(committed),
        `${name}: run knowledge-index/scripts/make-techcorp-pdfs.ts`,
      ).toBe(true);
    }
  });
});
