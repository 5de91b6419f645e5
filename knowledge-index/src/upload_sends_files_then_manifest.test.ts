import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-io";

interface Received {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  bytes: Buffer;
}

describe("knowledge-index upload", () => {
  const received: Received[] = [];
  let status = 200;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method!,
      url: req.url!,
      auth: req.headers.authorization,
      type: req.headers["content-type"],
      bytes: Buffer.concat(chunks),
    });
    res
      .writeHead(status, { "content-type": "application/json" })
      .end(status === 200 ? "{}" : '{"error":"bad admin token"}');
  });
  let relay = "";
  const indexDir = path.join(mkdtempSync(path.join(tmpdir(), "parley-up-")), "index");

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    relay = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const docs = mkdtempSync(path.join(tmpdir(), "parley-docs-"));
    writeFileSync(path.join(docs, "faq.md"), "# FAQ\n\nWe ship in 2-3 days.\n");
    expect((await runCli(["build", docs, "--out", indexDir, "--quiet"])).code).toBe(0);
  }, 60_000);
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("PUTs every index file with the admin token, the manifest last", async () => {
    received.length = 0;
    const result = await runCli([
      "upload",
      indexDir,
      "--relay",
      relay,
      "--token",
      "s3cret",
      "--site",
      "techcorp",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "PUT /v1/sites/techcorp/knowledge/chunks.json",
      "PUT /v1/sites/techcorp/knowledge/vectors.bin",
      "PUT /v1/sites/techcorp/knowledge/manifest.json",
    ]);
    expect(received.every((r) => r.auth === "Bearer s3cret")).toBe(true);
    expect(received[1]!.bytes.equals(readFileSync(path.join(indexDir, "vectors.bin")))).toBe(true);
    expect(received[2]!.type).toBe("application/json; charset=utf-8");
    expect(result.stdout).toMatch(/uploaded 3 files .* for site techcorp/);
  });

  it("takes the site from a relay URL ending in /v1/sites/<site>", async () => {
    received.length = 0;
    expect(
      (await runCli(["upload", indexDir, "--relay", `${relay}/v1/sites/acme`, "--token", "t"]))
        .code,
    ).toBe(0);
    expect(received[0]!.url).toBe("/v1/sites/acme/knowledge/chunks.json");
  });

  it("stops at the first refusal with a one-line error and does not send the manifest", async () => {
    received.length = 0;
    status = 401;
    const result = await runCli([
      "upload",
      indexDir,
      "--relay",
      relay,
      "--token",
      "wrong",
      "--site",
      "techcorp",
    ]);
    status = 200;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /chunks\.json: upload failed: HTTP 401 \(check --token\): \{"error":"bad admin token"\}\n$/,
    );
    expect(received).toHaveLength(1);
  });

  it("explains a missing site and an unreachable relay", async () => {
    expect((await runCli(["upload", indexDir, "--relay", relay, "--token", "t"])).stderr).toMatch(
      /which site\? pass --site/,
    );
    const down = await runCli([
      "upload",
      indexDir,
      "--relay",
      "http://127.0.0.1:9",
      "--token",
      "t",
      "--site",
      "x",
      "--retries",
      "0",
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/relay unreachable \(temporary; retrying may help\)/);
  });
});
