// pnpm bench:knowledge — prints build time per 1k chunks, query latency at 1k/10k/100k chunks,
// index size beside voy-search 0.6.3 for the same vectors, and recall@3 on the TechCorp questions.
// Medians and p95 only; nothing here asserts a time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chunkBlocks, embeddingText } from "../src/chunking";
import { splitSentences } from "../src/sentences";
import { buildIndexFiles, encodeManifest } from "../src/index-writer";
import { KnowledgeIndex } from "../src/knowledge-index";
import { openIndex, useLiteNode, writeIndexDir } from "../src/node";
import { randomUnitVectors, syntheticTexts } from "./synthetic";
import { loadVoy } from "./voy";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const DIMS = 512;
const quick = process.argv.includes("--quick");

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const size = (bytes: number) => (bytes >= 1024 * 1024 ? mib(bytes) : kib(bytes));

function table(title: string, header: string[], rows: (string | number)[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c, i) => String(c).padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\n${title}\n${line(header)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

async function timeIt<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

// 1. Build time per 1k chunks: real USE-lite embeddings of chunk-sized real prose (sentences of
// the TechCorp Markdown documents, recombined into ~70-word paragraphs).
function prose(count: number): string[] {
  const docs = path.join(repoRoot, "examples/techcorp/knowledge/docs");
  const sentences = readdirSync(docs)
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => readFileSync(path.join(docs, f), "utf8").split("\n"))
    .filter((line) => line.trim() && !line.startsWith("#"))
    .flatMap((line) => splitSentences(line.replace(/^- /, "")));
  return Array.from({ length: count }, (_, i) => {
    const words: string[] = [];
    for (let j = 0; words.length < 70; j++) {
      words.push(...sentences[(i * 7 + j * 13) % sentences.length]!.split(" "));
    }
    return words.join(" ");
  });
}

async function buildBench() {
  const embedder = await useLiteNode();
  const count = quick ? 200 : 1000;
  const paragraphs = prose(count).map((text) => ({
    kind: "paragraph" as const,
    text,
  }));
  const [, totalMs] = await timeIt(async () => {
    const chunks = chunkBlocks(paragraphs, "Synthetic", {
      maxWords: embedder.maxWords,
      overlapSentences: 1,
    });
    const vectors = await embedder.embed(chunks.map((c) => embeddingText("Synthetic", c)));
    const files = await buildIndexFiles({
      embedder: { id: embedder.id, dims: embedder.dims },
      threshold: { noAnswerBelow: 0.5, method: "bench" },
      documents: [
        {
          id: "synthetic",
          title: "Synthetic",
          source: "synthetic.md",
          mediaType: "text/markdown",
          attachable: false,
        },
      ],
      chunks: chunks.map((c, i) => ({
        docId: "synthetic",
        section: c.section,
        text: c.text,
        vector: vectors[i]!,
      })),
    });
    await writeIndexDir(
      path.join(mkdtempSync(path.join(tmpdir(), "parley-bench-")), "index"),
      files,
    );
  });
  const queries = [
    "What is your refund policy?",
    "Where is my order ORD98765?",
    "Do you have same-day delivery?",
  ];
  const queryTimes: number[] = [];
  for (let r = 0; r < (quick ? 10 : 30); r++)
    queryTimes.push((await timeIt(() => embedder.embedQuery(queries[r % 3]!)))[1]);
  queryTimes.sort((a, b) => a - b);
  await embedder.dispose();
  table(
    `Build (USE-lite, wasm backend, Node; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
    ["chunks", "build ms", "ms per 1k chunks", "query embed p50 ms", "query embed p95 ms"],
    [
      [
        count,
        ms(totalMs),
        ms((totalMs / count) * 1000),
        ms(percentile(queryTimes, 0.5)),
        ms(percentile(queryTimes, 0.95)),
      ],
    ],
  );
}

// 2 + 3. Search latency and size at scale, beside voy-search.
async function scaleBench() {
  const Voy = await loadVoy();
  const rows: (string | number)[][] = [];
  /** The same figures as numbers, for scripts/bench.mjs's chart. */
  const scaling: {
    chunks: number;
    search_p50_ms: number;
    search_p95_ms: number;
    load_ms: number;
  }[] = [];
  const queries = randomUnitVectors(quick ? 20 : 200, DIMS, 99);
  const questions = [
    "What is your refund policy?",
    "Where is ORD45678?",
    "laptop battery warranty",
    "callback on whatsapp",
  ];
  for (const count of quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]) {
    const vectors = randomUnitVectors(count, DIMS, count);
    const texts = syntheticTexts(count, count + 1);
    const built = await buildIndexFiles({
      embedder: { id: "use-lite", dims: DIMS },
      threshold: { noAnswerBelow: 0.5, method: "bench" },
      documents: [
        {
          id: "synthetic",
          title: "Synthetic",
          source: "synthetic.md",
          mediaType: "text/markdown",
          attachable: false,
        },
      ],
      chunks: texts.map((text, i) => ({
        docId: "synthetic",
        section: "",
        text,
        vector: vectors[i]!,
      })),
    });
    const files = new Map(built.files).set("manifest.json", encodeManifest(built.manifest));
    const [index, loadMs] = await timeIt(() => KnowledgeIndex.fromBytes(files));
    const times: number[] = [];
    const rounds = count >= 100_000 ? Math.min(queries.length, 50) : queries.length;
    for (let i = 0; i < rounds; i++) {
      times.push(
        (await timeIt(() => index.search(queries[i]!, questions[i % questions.length]!, 3)))[1],
      );
    }
    times.sort((a, b) => a - b);
    const vectorBytes = files.get("vectors.bin")!.byteLength;
    const indexBytes = [...files.values()].reduce((n, b) => n + b.byteLength, 0);
    let voyBytes = "skipped";
    let voyRatio = "—";
    let voyP50 = "skipped";
    if (count <= 10_000) {
      const voy = new Voy({
        embeddings: vectors.map((v, i) => ({
          id: `c${i}`,
          title: "",
          url: "",
          embeddings: Array.from(v),
        })),
      });
      const serialized = voy.serialize();
      const bytes = new TextEncoder().encode(serialized).byteLength;
      voyBytes = size(bytes);
      voyRatio = `${(bytes / vectorBytes).toFixed(1)}×`;
      const voyTimes: number[] = [];
      for (let i = 0; i < Math.min(rounds, 50); i++)
        voyTimes.push((await timeIt(() => voy.search(queries[i]!, 3)))[1]);
      voyTimes.sort((a, b) => a - b);
      voyP50 = ms(percentile(voyTimes, 0.5));
      voy.free();
    }
    const round2 = (n: number) => Math.round(n * 100) / 100;
    scaling.push({
      chunks: count,
      search_p50_ms: round2(percentile(times, 0.5)),
      search_p95_ms: round2(percentile(times, 0.95)),
      load_ms: round2(loadMs),
    });
    rows.push([
      count.toLocaleString("en"),
      ms(percentile(times, 0.5)),
      ms(percentile(times, 0.95)),
      ms(loadMs),
      size(vectorBytes),
      size(indexBytes),
      voyBytes,
      voyRatio,
      voyP50,
      index.scorerKind,
    ]);
  }
  table(
    "Search (exact cosine + BM25, k=3, synthetic 512-d vectors; voy-search 0.6.3 on the same vectors)",
    [
      "chunks",
      "p50 ms",
      "p95 ms",
      "load ms",
      "vectors.bin",
      "whole index",
      "voy serialized",
      "voy / vectors.bin",
      "voy p50 ms",
      "scorer",
    ],
    rows,
  );
  console.log(
    "voy at 100k is skipped: its JSON serialization of 100k padded 768-d vectors needs GBs of memory on this machine.",
  );
  console.log(`BENCH_JSON ${JSON.stringify({ name: "knowledge_scaling", rows: scaling })}`);
}

// 4. Recall@3 and threshold behaviour on the TechCorp question set (held out from calibration).
async function techcorpBench() {
  const knowledge = path.join(repoRoot, "examples/techcorp/knowledge");
  const indexDir = path.join(knowledge, "dist/index");
  if (!existsSync(path.join(indexDir, "manifest.json"))) {
    const built = spawnSync(
      "pnpm",
      [
        "--silent",
        "knowledge-index",
        "build",
        path.join(knowledge, "docs"),
        "--out",
        indexDir,
        "--quiet",
      ],
      { cwd: repoRoot, stdio: "inherit" },
    );
    if (built.status !== 0) throw new Error("building the TechCorp index failed");
  }
  const index = await openIndex(indexDir);
  const questions = JSON.parse(
    readFileSync(path.join(knowledge, "eval/questions.json"), "utf8"),
  ) as {
    answerable: { question: string; expect: string }[];
    unanswerable: string[];
  };
  const embedder = await useLiteNode();
  const { noAnswerBelow } = index.threshold;
  let at1 = 0;
  let at3 = 0;
  let answered = 0;
  const misses: string[] = [];
  for (const { question, expect } of questions.answerable) {
    const hits = await index.query(embedder, question, 3);
    if (hits[0]?.docId === expect) at1++;
    if (hits.some((h) => h.docId === expect)) at3++;
    else misses.push(`${question} → ${hits.map((h) => h.docId).join(", ")}`);
    if ((hits[0]?.score ?? -1) >= noAnswerBelow) answered++;
  }
  let refused = 0;
  for (const question of questions.unanswerable) {
    const hits = await index.query(embedder, question, 3);
    if ((hits[0]?.score ?? -1) < noAnswerBelow) refused++;
  }
  await embedder.dispose();
  const n = questions.answerable.length;
  const u = questions.unanswerable.length;
  table(
    `TechCorp question set (${n} answerable, ${u} unanswerable; threshold ${noAnswerBelow} from the manifest)`,
    ["recall@1", "recall@3", "answerable ≥ threshold", "unanswerable < threshold"],
    [
      [
        `${((at1 / n) * 100).toFixed(0)}%`,
        `${((at3 / n) * 100).toFixed(0)}%`,
        `${answered}/${n}`,
        `${refused}/${u}`,
      ],
    ],
  );
  for (const miss of misses) console.log(`  recall@3 miss: ${miss}`);
}

await buildBench();
await scaleBench();
await techcorpBench();
