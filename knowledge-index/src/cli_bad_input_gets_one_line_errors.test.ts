import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument, PDFHexString, PDFName } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { markdownToPdf } from "./markdown-pdf";
import { runCli } from "./test-io";

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

/** A PDF whose trailer declares standard-security encryption with an unknown user password. */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.load(
    await markdownToPdf("# Secret\n\nConfidential text.", { title: "Secret" }),
  );
  const encrypt = doc.context.obj({
    Filter: PDFName.of("Standard"),
    V: 1,
    R: 2,
    O: PDFHexString.of("6f".repeat(32)),
    U: PDFHexString.of("75".repeat(32)),
    P: -4,
  });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  doc.context.trailerInfo.ID = doc.context.obj([
    PDFHexString.of("00".repeat(16)),
    PDFHexString.of("00".repeat(16)),
  ]);
  return doc.save({ useObjectStreams: false });
}

function expectOneLineError(
  result: { code: number; stdout: string; stderr: string },
  pattern: RegExp,
) {
  expect(result.code).toBe(1);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe("knowledge-index build with bad input", () => {
  it("names a missing documents folder", async () => {
    const out = path.join(temp("parley-out-"), "index");
    expectOneLineError(
      await runCli(["build", "/nonexistent/docs", "--out", out]),
      /^knowledge-index build: \/nonexistent\/docs: documents folder not found/,
    );
  });

  it("names an encrypted PDF and writes no index", async () => {
    const docs = temp("parley-docs-");
    writeFileSync(path.join(docs, "good.md"), "# Good\n\nSome text.\n");
    writeFileSync(path.join(docs, "locked.pdf"), await encryptedPdf());
    const parent = temp("parley-out-");
    const result = await runCli(["build", docs, "--out", path.join(parent, "index")]);
    expectOneLineError(result, /locked\.pdf: the PDF is encrypted/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("names a damaged PDF", async () => {
    const docs = temp("parley-docs-");
    const pdf = await markdownToPdf("# Catalog\n\nText.", { title: "Catalog" });
    writeFileSync(path.join(docs, "catalog.pdf"), pdf.subarray(0, 200));
    expectOneLineError(
      await runCli(["build", docs, "--out", path.join(temp("parley-out-"), "i")]),
      /catalog\.pdf: (is not a valid PDF|the PDF cannot be read)/,
    );
  });

  it("names an empty document and an empty folder", async () => {
    const docs = temp("parley-docs-");
    writeFileSync(path.join(docs, "empty.md"), "# Only a heading\n");
    expectOneLineError(
      await runCli(["build", docs, "--out", path.join(temp("parley-out-"), "i")]),
      /empty\.md: no text found/,
    );
    const none = temp("parley-docs-");
    expectOneLineError(
      await runCli(["build", none, "--out", path.join(temp("parley-out-"), "i")]),
      /no documents to index/,
    );
  });

  it("names a bad knowledge.json field", async () => {
    const docs = temp("parley-docs-");
    writeFileSync(path.join(docs, "a.md"), "# A\n\nText.\n");
    writeFileSync(
      path.join(docs, "knowledge.json"),
      JSON.stringify({ documents: { "a.md": { attachable: "yes" } } }),
    );
    expectOneLineError(
      await runCli(["build", docs, "--out", path.join(temp("parley-out-"), "i")]),
      /knowledge\.json: documents\.a\.md\.attachable/,
    );
  });

  it("rejects an unknown embedder and missing arguments as usage errors (exit 2)", async () => {
    const usage = await runCli(["build", "docs"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/build needs <docsDir> and --out/);
    const unknown = await runCli(["build", "docs", "--out", "x", "--embedder", "word2vec"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown embedder "word2vec"/);
  });
});

describe("knowledge-index build with a transformers.js embedder", () => {
  it("says which model could not be loaded from a local model folder (no hub here)", async () => {
    const docs = temp("parley-docs-");
    writeFileSync(path.join(docs, "a.md"), "# A\n\nText.\n");
    const parent = temp("parley-out-");
    const args = [
      "build",
      docs,
      "--out",
      path.join(parent, "i"),
      "--embedder",
      "transformers:Xenova/bge-small-en-v1.5",
    ];
    const result = await runCli([...args, "--model-path", temp("parley-models-")]);
    expectOneLineError(result, /transformers model "Xenova\/bge-small-en-v1.5" failed to load/);
    expect(readdirSync(parent)).toEqual([]);
  }, 60_000);
});

describe("knowledge-index query and stats with a corrupted index", () => {
  it("names the corrupted file", async () => {
    const docs = temp("parley-docs-");
    writeFileSync(path.join(docs, "a.md"), "# Refunds\n\nRefunds take 5-7 business days.\n");
    const out = path.join(temp("parley-out-"), "index");
    const built = await runCli(["build", docs, "--out", out, "--quiet"]);
    expect(built.code).toBe(0);
    const vectors = path.join(out, "vectors.bin");
    const bytes = readFileSync(vectors);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(vectors, bytes);
    expectOneLineError(
      await runCli(["query", out, "refunds?", "--json"]),
      /vectors\.bin: sha256 does not match the manifest/,
    );
    expectOneLineError(
      await runCli(["stats", path.join(out, "missing")]),
      /missing\/manifest\.json: not found/,
    );
  }, 60_000);
});
