import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseHtml } from "./ingest/html";
import { parseMarkdown } from "./ingest/markdown";
import { parsePdf } from "./ingest/pdf";
import { parseText } from "./ingest/text";
import { readDocuments } from "./ingest/read-documents";
import { markdownToPdf } from "./markdown-pdf";

describe("document formats", () => {
  it("markdown: front matter title, headings, list items and inline markup", () => {
    const parsed = parseMarkdown(
      "---\ntitle: Shipping\n---\n# Shipping and Delivery\n\nWe ship **fast** with [couriers](https://x).\n\n## Times\n\n- Metro: 2-3 days\n- Other: 3-5 days\n",
    );
    expect(parsed.title).toBe("Shipping");
    expect(parsed.blocks).toEqual([
      { kind: "heading", level: 1, text: "Shipping and Delivery" },
      { kind: "paragraph", text: "We ship fast with couriers." },
      { kind: "heading", level: 2, text: "Times" },
      { kind: "paragraph", text: "Metro: 2-3 days" },
      { kind: "paragraph", text: "Other: 3-5 days" },
    ]);
  });

  it("html: page title, headings and paragraphs, without navigation or scripts", () => {
    const parsed = parseHtml(
      "<html><head><title>Store Hours</title><script>var x = 1;</script></head><body><nav>Home | Support</nav><main><h1>Hours</h1><p>Open 10 AM to 9 PM.</p><ul><li>Bengaluru: MG Road</li></ul></main><footer>© TechCorp</footer></body></html>",
    );
    expect(parsed.title).toBe("Store Hours");
    expect(parsed.blocks).toEqual([
      { kind: "heading", level: 1, text: "Hours" },
      { kind: "paragraph", text: "Open 10 AM to 9 PM." },
      { kind: "paragraph", text: "Bengaluru: MG Road" },
    ]);
  });

  it("plain text: first short line is the title, short lines are headings", () => {
    const parsed = parseText(
      "WhatsApp Support\n\nYou can reach us on WhatsApp any day.\n\nOpting out\n\nReply STOP to stop messages.\n",
    );
    expect(parsed.title).toBe("WhatsApp Support");
    expect(parsed.blocks.map((b) => b.kind)).toEqual([
      "heading",
      "paragraph",
      "heading",
      "paragraph",
    ]);
  });

  it("pdf: text, headings by font size and metadata title survive a real PDF", async () => {
    const pdf = await markdownToPdf(
      "# Catalog\n\n## Laptops\n\n- AeroBook 14: 16 GB RAM. INR 64,990.\n- AeroBook 14 Pro: OLED display.\n\nAll prices include GST.",
      { title: "TechCorp Catalog" },
    );
    const parsed = await parsePdf(pdf, "catalog.pdf");
    expect(parsed.title).toBe("TechCorp Catalog");
    expect(parsed.blocks).toEqual([
      { kind: "heading", level: 1, text: "Catalog" },
      { kind: "heading", level: 2, text: "Laptops" },
      { kind: "paragraph", text: "AeroBook 14: 16 GB RAM. INR 64,990." },
      { kind: "paragraph", text: "AeroBook 14 Pro: OLED display." },
      { kind: "paragraph", text: "All prices include GST." },
    ]);
  });
});

describe("reading a documents folder", () => {
  it("reads every supported file, applies knowledge.json, makes PDFs attachable and skips the rest", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "parley-docs-"));
    mkdirSync(path.join(dir, "policies"));
    writeFileSync(
      path.join(dir, "policies", "returns.md"),
      "# Returns\n\nReturn within 30 days.\n",
    );
    writeFileSync(
      path.join(dir, "catalog.pdf"),
      await markdownToPdf("# Catalog\n\nLaptops and phones.", { title: "Catalog" }),
    );
    writeFileSync(path.join(dir, "logo.png"), new Uint8Array([137, 80, 78, 71]));
    writeFileSync(path.join(dir, ".hidden.md"), "# Hidden\n\nNot indexed.\n");
    writeFileSync(
      path.join(dir, "knowledge.json"),
      JSON.stringify({ documents: { "policies/returns.md": { title: "Returns policy" } } }),
    );
    const { documents, skipped } = await readDocuments(dir);
    expect(documents.map((d) => [d.id, d.title, d.source, d.mediaType, d.attachable])).toEqual([
      ["catalog", "Catalog", "catalog.pdf", "application/pdf", true],
      ["policies-returns", "Returns policy", "policies/returns.md", "text/markdown", false],
    ]);
    expect(skipped).toEqual(["logo.png"]);
  });
});
