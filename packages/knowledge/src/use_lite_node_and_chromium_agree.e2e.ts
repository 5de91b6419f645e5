import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { build } from "esbuild";
import { startStaticServer, type StaticServer } from "@parley/test-rig";
import { cosine, type Embedder } from "./embedder";
import { buildIndexFiles } from "./index-writer";
import { KnowledgeIndex } from "./knowledge-index";
import { tfjsWasmDir, useLiteModelDir, useLiteNode, writeIndexDir } from "./node";

// The index is built in Node and queried in the browser, so both must embed identically.
const TEXTS = [
  "What is your refund policy?",
  "We offer a 30-day money-back guarantee.",
  "Refunds are processed within 5-7 business days after we receive the product.",
  "Do you have integration with Salesforce API v2.0?",
  "Send me your product catalog on WhatsApp",
  "It's ORD98765",
  "हमारे स्टोर सुबह 10 बजे खुलते हैं", // non-Latin script goes through the same tokenizer
  "Our stores are open every day from 10 AM to 9 PM, including Sundays. ".repeat(8),
];

const PASSAGES = [
  {
    docId: "refunds",
    section: "Guarantee",
    text: "We offer a 30-day money-back guarantee on every product.",
  },
  {
    docId: "refunds",
    section: "Processing",
    text: "Refunds are processed within 5-7 business days.",
  },
  {
    docId: "shipping",
    section: "Times",
    text: "Delivery takes 2-3 business days in metro cities.",
  },
  {
    docId: "shipping",
    section: "Tracking",
    text: "Track your order with its order ID, for example ORD98765.",
  },
  { docId: "stores", section: "Hours", text: "Stores open at 10 AM and close at 9 PM every day." },
];

let server: StaticServer;
let nodeEmbedder: Embedder;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const work = mkdtempSync(path.join(tmpdir(), "parley-agree-"));
  await build({
    entryPoints: [fileURLToPath(new URL("./e2e/agreement-page.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: path.join(work, "page", "probe.js"),
    logLevel: "error",
  });
  nodeEmbedder = await useLiteNode();
  const vectors = await nodeEmbedder.embed(PASSAGES.map((p) => `${p.section}. ${p.text}`));
  const index = await buildIndexFiles({
    embedder: { id: nodeEmbedder.id, dims: nodeEmbedder.dims },
    threshold: { noAnswerBelow: 0.5, method: "test" },
    documents: ["refunds", "shipping", "stores"].map((id) => ({
      id,
      title: id,
      source: `${id}.md`,
      mediaType: "text/markdown",
      attachable: false,
    })),
    chunks: PASSAGES.map((p, i) => ({ ...p, vector: vectors[i]! })),
  });
  await writeIndexDir(path.join(work, "index"), index);
  server = await startStaticServer({
    mounts: {
      "/": path.join(work, "page"),
      "/models/use-lite": useLiteModelDir(),
      "/tfjs": tfjsWasmDir(),
      "/index": path.join(work, "index"),
    },
    routes: {
      "/index.html":
        '<!doctype html><meta charset="utf-8"><script type="module" src="/probe.js"></script>',
    },
  });
});

test.afterAll(async () => {
  await server?.close();
  await nodeEmbedder?.dispose();
});

test("USE-lite gives Chromium the same vectors as Node (cosine ≥ 0.999)", async ({ page }) => {
  test.setTimeout(120_000);
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(error.message));
  page.on("requestfailed", (request) =>
    failures.push(`${request.url()} ${request.failure()?.errorText}`),
  );
  await page.goto(server.url("/index.html"));
  await page.waitForFunction(() => "parleyProbe" in window);
  const browserVectors = await page.evaluate((texts) => window.parleyProbe.embed(texts), TEXTS);
  const nodeVectors = await nodeEmbedder.embed(TEXTS);
  expect(failures).toEqual([]);
  expect(browserVectors).toHaveLength(TEXTS.length);
  const report = TEXTS.map((text, i) => {
    const b = Float32Array.from(browserVectors[i]!);
    const n = nodeVectors[i]!;
    const maxAbsDiff = Math.max(...b.map((x, j) => Math.abs(x - n[j]!)));
    return { text: text.slice(0, 30), cosine: cosine(b, n), maxAbsDiff };
  });
  console.log(
    report
      .map((r) => `${r.cosine.toFixed(7)}  max|Δ| ${r.maxAbsDiff.toExponential(2)}  ${r.text}`)
      .join("\n"),
  );
  for (const r of report) expect(r.cosine, r.text).toBeGreaterThanOrEqual(0.999);
});

test("the browser searches a Node-built index like Node does, with the SIMD scorer", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(server.url("/index.html"));
  await page.waitForFunction(() => "parleyProbe" in window);
  expect(await page.evaluate(() => window.parleyProbe.scorer())).toBe("wasm-simd");
  const index = await KnowledgeIndex.fromUrl(server.url("/index/"));
  for (const question of ["How long do refunds take?", "Where is ORD98765?", "When do you open?"]) {
    const inBrowser = await page.evaluate((q) => window.parleyProbe.search(q, 3), question);
    const inNode = (await index.query(nodeEmbedder, question, 3)).map(
      ({ docId, chunkId, score, cosine }) => ({ docId, chunkId, score, cosine }),
    );
    expect(inBrowser.map((h) => h.chunkId)).toEqual(inNode.map((h) => h.chunkId));
    inBrowser.forEach((hit, i) =>
      expect(Math.abs(hit.cosine - inNode[i]!.cosine)).toBeLessThan(1e-3),
    );
  }
});
