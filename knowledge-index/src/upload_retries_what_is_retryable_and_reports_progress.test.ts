import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KnowledgeError } from "@parley/knowledge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-io";
import { uploadIndex, type UploadProgress } from "./upload";

/** A relay that answers each PUT with the next status of `script` (then 200). */
describe("knowledge-index upload retries and progress", () => {
  let script: number[] = [];
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const status = script.shift() ?? 200;
      seen.push(`${status} ${req.url}`);
      res.writeHead(status, { "content-type": "application/json" }).end("{}");
    });
  });
  let relay = "";
  const indexDir = path.join(mkdtempSync(path.join(tmpdir(), "parley-up-retry-")), "index");
  const fast = { retries: 3, baseMs: 1, maxMs: 2 };

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    relay = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const docs = mkdtempSync(path.join(tmpdir(), "parley-docs-"));
    writeFileSync(path.join(docs, "faq.md"), "# FAQ\n\nWe ship in 2-3 days.\n");
    expect((await runCli(["build", docs, "--out", indexDir, "--quiet"])).code).toBe(0);
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends a file again after 503 and 429, and reports each file as it lands", async () => {
    script = [503, 429];
    seen.length = 0;
    const progress: UploadProgress[] = [];
    const result = await uploadIndex({
      indexDir,
      relay,
      token: "t",
      site: "techcorp",
      backoff: fast,
      onProgress: (p) => progress.push(p),
    });
    expect(seen.slice(0, 3).map((line) => line.split(" ")[0])).toEqual(["503", "429", "200"]);
    expect(new Set(seen.slice(0, 3).map((line) => line.split(" ")[1])).size).toBe(1);
    expect(progress.map((p) => p.done)).toEqual(
      Array.from({ length: result.files }, (_, i) => i + 1),
    );
    expect(progress.at(-1)).toMatchObject({
      file: "manifest.json",
      total: result.files,
      bytes: result.bytes,
    });
  });

  it("does not retry what is not retryable (401), and gives up after the retries", async () => {
    script = [401];
    seen.length = 0;
    const refused = uploadIndex({ indexDir, relay, token: "t", site: "techcorp", backoff: fast });
    await expect(refused).rejects.toBeInstanceOf(KnowledgeError);
    expect(seen).toHaveLength(1);

    script = [500, 500, 500, 500, 500];
    seen.length = 0;
    const failing = uploadIndex({ indexDir, relay, token: "t", site: "techcorp", backoff: fast });
    await expect(failing).rejects.toThrow(/HTTP 500/);
    expect(seen).toHaveLength(1 + fast.retries);
  });

  it("the CLI takes --retries and rejects a bad count", async () => {
    const bad = await runCli([
      "upload",
      indexDir,
      "--relay",
      relay,
      "--token",
      "t",
      "--site",
      "x",
      "--retries",
      "many",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--retries must be a whole number/);
    script = [503];
    seen.length = 0;
    const once = await runCli([
      "upload",
      indexDir,
      "--relay",
      relay,
      "--token",
      "t",
      "--site",
      "x",
      "--retries",
      "0",
    ]);
    expect(once.code).toBe(1);
    expect(seen).toHaveLength(1);
  });
});
