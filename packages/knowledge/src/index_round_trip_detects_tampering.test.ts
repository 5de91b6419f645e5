import { describe, expect, it } from "vitest";
import { l2Normalize } from "./embedder";
import { buildIndexFiles, encodeManifest } from "./index-writer";
import { KnowledgeIndex } from "./knowledge-index";

function vector(seed: number): Float32Array {
  return l2Normalize(Float32Array.from({ length: 32 }, (_, i) => Math.sin(seed * 7.3 + i * 1.1)));
}

async function sampleFiles() {
  const built = await buildIndexFiles({
    embedder: { id: "use-lite", dims: 32 },
    threshold: { noAnswerBelow: 0.5, greyZoneFrom: 0.4, method: "test" },
    documents: [
      {
        id: "refund_policy",
        title: "Refund Policy",
        source: "refund_policy.pdf",
        mediaType: "application/pdf",
        attachable: true,
        bytes: new Uint8Array([37, 80, 68, 70]),
      },
      {
        id: "tracking",
        title: "Order Tracking",
        source: "tracking.md",
        mediaType: "text/markdown",
        attachable: false,
      },
    ],
    chunks: [
      {
        docId: "refund_policy",
        section: "Guarantee",
        text: "We offer a 30-day money-back guarantee.",
        vector: vector(1),
      },
      {
        docId: "refund_policy",
        section: "Processing",
        text: "Refunds are processed within 5-7 business days.",
        vector: vector(2),
      },
      { docId: "tracking", section: "", text: "Order ids look like ORD98765.", vector: vector(3) },
    ],
  });
  const files = new Map(built.files);
  files.set("manifest.json", encodeManifest(built.manifest));
  return files;
}

describe("index files", () => {
  it("load back and search: the chunk's own vector ranks it first with cosine ≈ 1", async () => {
    const index = await KnowledgeIndex.fromBytes(await sampleFiles());
    expect(index.size).toBe(3);
    expect(index.threshold.noAnswerBelow).toBe(0.5);
    const [top] = index.search(vector(2), "how long do refunds take", 2);
    expect(top).toMatchObject({
      docId: "refund_policy",
      chunkId: "refund_policy#1",
      section: "Processing",
      attachable: true,
      file: "files/refund_policy.pdf",
    });
    expect(top!.cosine).toBeGreaterThan(0.99);
    expect(index.document("refund_policy.pdf")?.attachable).toBe(true);
  });

  it("let an exact id outrank a slightly closer vector", async () => {
    const index = await KnowledgeIndex.fromBytes(await sampleFiles());
    const query = l2Normalize(vector(2).map((x, i) => x + 0.9 * vector(3)[i]!));
    const hits = index.search(query, "ORD98765", 3);
    expect(hits[0]!.chunkId).toBe("tracking#0");
    expect(hits[0]!.lexical).toBeGreaterThan(0.5);
  });

  it("refuse a chunks file whose bytes no longer match the manifest, naming the file", async () => {
    const files = await sampleFiles();
    const chunks = files.get("chunks.json")!.slice();
    chunks[40] = chunks[40] === 65 ? 66 : 65;
    files.set("chunks.json", chunks);
    await expect(KnowledgeIndex.fromBytes(files)).rejects.toThrow(
      /^chunks.json: sha256 does not match the manifest$/,
    );
  });

  it("refuse a truncated vectors file and a missing one", async () => {
    const files = await sampleFiles();
    files.set("vectors.bin", files.get("vectors.bin")!.subarray(0, 20));
    await expect(KnowledgeIndex.fromBytes(files)).rejects.toThrow(
      /^vectors.bin: is 20 bytes, the manifest says/,
    );
    files.delete("vectors.bin");
    await expect(KnowledgeIndex.fromBytes(files)).rejects.toThrow(
      /^vectors.bin: missing from the index/,
    );
  });

  it("refuse an invalid manifest with the field that is wrong", async () => {
    const files = await sampleFiles();
    const manifest = JSON.parse(new TextDecoder().decode(files.get("manifest.json")));
    manifest.embedder.dims = -1;
    files.set("manifest.json", new TextEncoder().encode(JSON.stringify(manifest)));
    await expect(KnowledgeIndex.fromBytes(files)).rejects.toThrow(/^manifest.json: embedder.dims:/);
    files.set("manifest.json", new TextEncoder().encode("{not json"));
    await expect(KnowledgeIndex.fromBytes(files)).rejects.toThrow(
      /^manifest.json: is not valid JSON$/,
    );
  });

  it("refuse a query vector of the wrong size", async () => {
    const index = await KnowledgeIndex.fromBytes(await sampleFiles());
    expect(() => index.search(new Float32Array(8), "x")).toThrow(/8 dims, the index 32/);
  });
});
