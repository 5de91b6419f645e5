import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { l2Normalize } from "../embedder";
import { buildIndexFiles } from "../index-writer";
import { openIndex, writeIndexDir } from "./index-dir";

async function index(text: string) {
  return buildIndexFiles({
    embedder: { id: "use-lite", dims: 16 },
    threshold: { noAnswerBelow: 0.5, method: "test" },
    documents: [
      { id: "doc", title: "Doc", source: "doc.md", mediaType: "text/markdown", attachable: false },
    ],
    chunks: [
      { docId: "doc", section: "", text, vector: l2Normalize(new Float32Array(16).fill(1)) },
    ],
  });
}

describe("writing an index folder", () => {
  it("replaces an existing index whole and leaves no temporary folders", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "parley-index-"));
    const dir = path.join(parent, "index");
    await writeIndexDir(dir, await index("first version"));
    await writeIndexDir(dir, await index("second version"));
    const reopened = await openIndex(dir);
    expect(reopened.search(new Float32Array(16).fill(1), "", 1)[0]!.text).toBe("second version");
    expect(readdirSync(parent)).toEqual(["index"]);
  });

  it("keeps the old index when the new one cannot be written", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "parley-index-"));
    const dir = path.join(parent, "index");
    await writeIndexDir(dir, await index("good version"));
    const broken = await index("never written");
    broken.files.set("vectors.bin", null as unknown as Uint8Array); // the write fails midway
    await expect(writeIndexDir(dir, broken)).rejects.toThrow(/could not write the index/);
    expect((await openIndex(dir)).search(new Float32Array(16).fill(1), "", 1)[0]!.text).toBe(
      "good version",
    );
    expect(readdirSync(parent)).toEqual(["index"]);
  });

  it("never writes a file the manifest does not list (no path can escape the folder)", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "parley-index-"));
    const sneaky = await index("text");
    sneaky.files.set("../escape.txt", new Uint8Array(1));
    await expect(writeIndexDir(path.join(parent, "index"), sneaky)).rejects.toThrow(
      /..\/escape.txt is not listed/,
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it("reports a corrupted file in an index folder by its path", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "parley-index-")), "index");
    await writeIndexDir(dir, await index("some text"));
    const chunks = path.join(dir, "chunks.json");
    writeFileSync(chunks, readFileSync(chunks, "utf8").replace("some", "SOME"));
    await expect(openIndex(dir)).rejects.toThrow("chunks.json: sha256 does not match the manifest");
    await expect(openIndex(path.join(dir, "nope"))).rejects.toThrow(
      /nope\/manifest.json: not found/,
    );
  });
});
