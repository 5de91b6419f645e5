import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedFetch } from "./cached-fetch";

// Node has no Cache Storage, like a plain-http page or a privacy mode: the index still loads.
describe("the knowledge index fetch without Cache Storage", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/index/manifest.json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"chunks":3}');
      } else {
        res.writeHead(503);
        res.end("down");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fetches from the network when there is no cache to keep a copy in", async () => {
    expect(typeof (globalThis as { caches?: unknown }).caches).toBe("undefined");
    const response = await cachedFetch()(`${base}/index/manifest.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ chunks: 3 });
  });

  it("returns the server's error as it is, with no stale copy to fall back to", async () => {
    let fellBack = false;
    const response = await cachedFetch(
      "parley-knowledge-v1",
      () => (fellBack = true),
    )(`${base}/index/vectors.bin`);
    expect(response.status).toBe(503);
    expect(fellBack).toBe(false);
  });
});
