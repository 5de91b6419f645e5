import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-io";
import { TECHCORP_DOCS_DIR } from "./techcorp";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const indexDir = path.join(mkdtempSync(path.join(tmpdir(), "parley-techcorp-")), "index");

interface Hit {
  docId: string;
  title: string;
  chunkId: string;
  score: number;
  text: string;
}

/** The real command line, as a site owner runs it from the repo root. */
function cli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "knowledge-index/src/cli.ts", ...args],
    {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the TechCorp knowledge base through the CLI", () => {
  beforeAll(async () => {
    const built = await runCli(["build", TECHCORP_DOCS_DIR, "--out", indexDir]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
  }, 120_000);

  it("ranks the refund-policy passage first for the refund question", () => {
    const { code, stdout } = cli(
      "query",
      indexDir,
      "What is your refund policy?",
      "--k",
      "3",
      "--json",
    );
    expect(code).toBe(0);
    const hits = JSON.parse(stdout) as Hit[];
    expect(hits).toHaveLength(3);
    expect(hits[0]).toMatchObject({ docId: "refund_policy", title: "Refund Policy" });
    expect(hits[0]!.text).toMatch(/30-day money-back guarantee/);
    expect(hits[0]!.text).toMatch(/5-7 business days/);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  }, 120_000);

  it("scores the Salesforce question below the calibrated threshold", async () => {
    const stats = JSON.parse((await runCli(["stats", indexDir, "--json"])).stdout) as {
      threshold: { noAnswerBelow: number };
    };
    const { code, stdout } = cli(
      "query",
      indexDir,
      "Do you have integration with Salesforce API v2.0?",
      "--json",
    );
    expect(code).toBe(0);
    const hits = JSON.parse(stdout) as Hit[];
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.score).toBeLessThan(stats.threshold.noAnswerBelow);
  }, 120_000);

  it("calibrated the threshold from knowledge.json and recorded how, and kept the PDFs as attachments", async () => {
    const stats = JSON.parse((await runCli(["stats", indexDir, "--json"])).stdout);
    expect(stats.embedder).toEqual({ id: "use-lite", dims: 512 });
    expect(stats.threshold.noAnswerBelow).toBeGreaterThan(0.35);
    expect(stats.threshold.noAnswerBelow).toBeLessThan(0.6);
    expect(stats.threshold.method).toMatch(
      /calibrated at build time on 20 answerable and 15 unanswerable/,
    );
    expect(stats.attachable).toEqual(["product_catalog.pdf", "refund_policy.pdf"]);
    expect(stats.documents).toBe(10);
    expect(stats.bytesPerChunk).toBe(516);
  });

  it("finds the order-tracking document for a question that names an order id", async () => {
    const { stdout } = await runCli(["query", indexDir, "Where is my order ORD98765?", "--json"]);
    expect((JSON.parse(stdout) as Hit[])[0]!.docId).toBe("order_tracking");
  });
});
