import { describe, expect, it } from "vitest";
import { chunkBlocks, embeddingText, type DocBlock } from "./chunking";
import { splitSentences } from "./sentences";

const sentence = (n: number) => `Sentence number ${n} has exactly seven words.`;

describe("chunking", () => {
  it("starts a new chunk at every heading and records the heading path below the title", () => {
    const blocks: DocBlock[] = [
      { kind: "heading", level: 1, text: "Refund Policy" },
      { kind: "paragraph", text: "Intro text for everyone." },
      { kind: "heading", level: 2, text: "Processing time" },
      { kind: "paragraph", text: "Refunds are processed within 5-7 business days." },
      { kind: "heading", level: 3, text: "Cards" },
      { kind: "paragraph", text: "Card refunds take a few days more." },
      { kind: "heading", level: 2, text: "Exceptions" },
      { kind: "paragraph", text: "Gift cards cannot be refunded." },
    ];
    const chunks = chunkBlocks(blocks, "Refund Policy");
    expect(chunks.map((c) => c.section)).toEqual([
      "",
      "Processing time",
      "Processing time › Cards",
      "Exceptions",
    ]);
    expect(chunks[1]!.text).toBe("Refunds are processed within 5-7 business days.");
    expect(embeddingText("Refund Policy", chunks[1]!)).toBe(
      "Refund Policy › Processing time. Refunds are processed within 5-7 business days.",
    );
  });

  it("splits long sections near maxWords with one sentence of overlap", () => {
    const paragraph = Array.from({ length: 12 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkBlocks([{ kind: "paragraph", text: paragraph }], "Doc", {
      maxWords: 30,
      overlapSentences: 1,
    });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.text.split(/\s+/).length).toBeLessThanOrEqual(30 + 7);
    for (let i = 1; i < chunks.length; i++) {
      const previousLast = splitSentences(chunks[i - 1]!.text).at(-1)!;
      expect(chunks[i]!.text.startsWith(previousLast)).toBe(true);
    }
    const all = chunks.map((c) => c.text).join(" ");
    for (let i = 0; i < 12; i++) expect(all).toContain(sentence(i));
  });

  it("keeps short list items of one section together", () => {
    const blocks: DocBlock[] = ["Cards.", "UPI.", "Net banking.", "Cash on delivery."].map(
      (text) => ({ kind: "paragraph", text }),
    );
    expect(chunkBlocks(blocks, "Payment")).toEqual([
      { section: "", text: "Cards. UPI. Net banking. Cash on delivery." },
    ]);
  });
});
