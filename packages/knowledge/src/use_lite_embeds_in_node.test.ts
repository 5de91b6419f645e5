import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cosine, type Embedder } from "./embedder";
import { useLiteNode } from "./node";

describe("USE-lite from the npm package on the TF.js wasm backend (Node)", () => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await useLiteNode();
  }, 60_000);
  afterAll(() => embedder?.dispose());

  it("gives 512-d unit vectors, one per text", async () => {
    const vectors = await embedder.embed(["What is your refund policy?", "Where is my parcel?"]);
    expect(embedder.id).toBe("use-lite");
    expect(vectors).toHaveLength(2);
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
  });

  it("puts a paraphrase closer than an unrelated sentence", async () => {
    const [question, paraphrase, unrelated] = await embedder.embed([
      "How long do refunds take?",
      "Refunds are processed within 5-7 business days.",
      "Our stores in Mumbai open at 10 AM.",
    ]);
    expect(cosine(question!, paraphrase!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.1);
  });

  it("is deterministic, and a text's vector does not depend on its batch", async () => {
    const [alone] = await embedder.embed(["Send me the catalog on WhatsApp"]);
    const batch = await embedder.embed([
      "Something else entirely",
      "Send me the catalog on WhatsApp",
    ]);
    expect(cosine(alone!, batch[1]!)).toBeGreaterThan(0.99999);
  });

  it("refuses empty text instead of returning a meaningless vector", async () => {
    await expect(embedder.embed(["fine", "  "])).rejects.toThrow(/text 1 is empty/);
  });
});
