import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KnowledgeError } from "@parley/knowledge";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "./markdown";
import { readDocuments } from "./read-documents";

describe("markdown ingest", () => {
  it("reads setext headings (=== and ---) as headings, not as text or table rules", () => {
    const parsed = parseMarkdown(
      "Delivery Guide\n===\n\nWe deliver across India.\n\nShipping\n---\n\nOrders ship in 2 days.\n\nReturns\n--------\nReturn within 30 days.\n",
    );
    expect(parsed.title).toBe("Delivery Guide");
    expect(parsed.blocks).toEqual([
      { kind: "heading", level: 1, text: "Delivery Guide" },
      { kind: "paragraph", text: "We deliver across India." },
      { kind: "heading", level: 2, text: "Shipping" },
      { kind: "paragraph", text: "Orders ship in 2 days." },
      { kind: "heading", level: 2, text: "Returns" },
      { kind: "paragraph", text: "Return within 30 days." },
    ]);
  });

  it("keeps YAML front matter lists and types; title and attachable come from it", () => {
    const parsed = parseMarkdown(
      "---\ntitle: 'Warranty: laptops'\nattachable: true\ntags:\n  - warranty\n  - laptops\nkeywords: [repair, damage]\nversion: 2\n---\n# Laptop warranty\n\nOne year.\n",
    );
    expect(parsed.title).toBe("Warranty: laptops");
    expect(parsed.attachable).toBe(true);
    expect(parsed.frontMatter).toEqual({
      title: "Warranty: laptops",
      attachable: true,
      tags: ["warranty", "laptops"],
      keywords: ["repair", "damage"],
      version: 2,
    });
    expect(parsed.blocks[0]).toEqual({ kind: "heading", level: 1, text: "Laptop warranty" });
  });

  it("indexes no raw HTML and no [ref]: url definitions, but keeps reference-link text", () => {
    const parsed = parseMarkdown(
      [
        "# Support",
        "",
        "<!-- internal: do not publish -->",
        '<div class="banner">',
        "<p>Sale banner</p>",
        "</div>",
        "",
        "See our [returns page][returns] or <b>call</b> us.",
        "",
        "[returns]: https://techcorp.example/returns",
        '[policy]: https://techcorp.example/policy "Policy"',
      ].join("\n"),
    );
    const text = parsed.blocks.map((b) => b.text).join(" | ");
    expect(parsed.blocks).toEqual([
      { kind: "heading", level: 1, text: "Support" },
      { kind: "paragraph", text: "See our returns page or call us." },
    ]);
    expect(text).not.toMatch(/techcorp\.example|banner|internal|<|\[/);
  });

  it("lists, nested lists, tables and quotes become words", () => {
    const parsed = parseMarkdown(
      "- Metro: **2-3** days\n  - Mumbai: next day\n- Other: 3-5 days\n\n| Plan | Price |\n| --- | --- |\n| Basic | ₹99 |\n\n> Prices include GST &amp; delivery.\n",
    );
    expect(parsed.blocks).toEqual([
      { kind: "paragraph", text: "Metro: 2-3 days" },
      { kind: "paragraph", text: "Mumbai: next day" },
      { kind: "paragraph", text: "Other: 3-5 days" },
      { kind: "paragraph", text: "Plan Price Basic ₹99" },
      { kind: "paragraph", text: "Prices include GST & delivery." },
    ]);
  });

  it("front matter that is not YAML is a typed error naming the file, through readDocuments", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "parley-md-"));
    writeFileSync(path.join(dir, "bad.md"), "---\ntitle: [unclosed\n---\n# Bad\n");
    const read = readDocuments(dir);
    await expect(read).rejects.toBeInstanceOf(KnowledgeError);
    await expect(read).rejects.toThrow(/bad\.md.*front matter that is not YAML/);
  });
});
