import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { isRetryableLoadError } from "../core/retryable-error";
import {
  ModelDownloadError,
  ModelIntegrityError,
  VerifiedModelCache,
} from "./verified-model-cache";

/**
 * The weight cache against a real HTTP server on 127.0.0.1 that misbehaves the ways networks
 * do: the connection dropped mid-body, a body cut short behind a 200, an error page, a 503.
 * Cache Storage does not exist in Node, so a minimal one (the browser API's semantics: keys by
 * URL, responses stored whole) stands in for it.
 */

const FILE = "encoder_model_quantized.onnx";
const WEIGHTS = new Uint8Array(256 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
const SHA256 = createHash("sha256").update(WEIGHTS).digest("hex");

type Fault = "drop_mid_body" | "short_body_says_200" | "wrong_bytes" | "http_503" | "http_404";
let faults: Fault[] = [];
let requests = 0;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    const fault = faults.shift();
    const half = WEIGHTS.subarray(0, WEIGHTS.length >> 1);
    switch (fault) {
      case "drop_mid_body":
        // Headers promise the whole file; half of it arrives, then the connection goes.
        res.writeHead(200, { "content-length": String(WEIGHTS.length) });
        res.write(half, () => setTimeout(() => res.destroy(), 20));
        return;
      case "short_body_says_200":
        res.writeHead(200, { "content-length": String(half.length) });
        res.end(half);
        return;
      case "wrong_bytes": {
        const wrong = Uint8Array.from(WEIGHTS);
        wrong[1000] = 255 - WEIGHTS[1000]!;
        res.writeHead(200, { "content-length": String(wrong.length) });
        res.end(wrong);
        return;
      }
      case "http_503":
      case "http_404":
        res.writeHead(fault === "http_503" ? 503 : 404).end("no");
        return;
      default:
        res.writeHead(200, { "content-length": String(WEIGHTS.length) });
        res.end(WEIGHTS);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/Xenova/whisper-base/onnx/${FILE}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

class MemoryCache {
  readonly entries = new Map<string, Uint8Array>();
  /** Headers stored with an entry put through `put` (entries set directly have none). */
  readonly headers = new Map<string, Headers>();
  async match(request: string | Request) {
    const key = typeof request === "string" ? request : request.url;
    const bytes = this.entries.get(key);
    return bytes ? new Response(bytes.slice(), { headers: this.headers.get(key) }) : undefined;
  }
  async put(request: string | Request, response: Response) {
    const key = typeof request === "string" ? request : request.url;
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.entries.set(key, bytes);
    this.headers.set(key, new Headers(response.headers));
  }
  async delete(request: string | Request) {
    const key = typeof request === "string" ? request : request.url;
    this.headers.delete(key);
    return this.entries.delete(key);
  }
}

let storage: MemoryCache;
beforeEach(() => {
  faults = [];
  requests = 0;
  storage = new MemoryCache();
  (globalThis as { caches?: unknown }).caches = { open: async () => storage };
});
afterEach(() => {
  delete (globalThis as { caches?: unknown }).caches;
});

const weightCache = () => new VerifiedModelCache({ [FILE]: SHA256 }, () => undefined, "Speech");
const sha = (bytes: ArrayBuffer | Uint8Array) =>
  createHash("sha256")
    .update(new Uint8Array(bytes as ArrayBuffer))
    .digest("hex");

describe("a weight download cut short", () => {
  it("says a retry makes sense when the connection drops mid-file, caches nothing, and the next attempt works", async () => {
    faults = ["drop_mid_body"];
    const error = await weightCache()
      .prefetch([url])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect((error as ModelDownloadError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/connection dropped|bytes arrived/);
    expect(isRetryableLoadError(error)).toBe(true);
    expect(storage.entries.size).toBe(0);

    // "Try again": a fresh load (a new worker) downloads again and keeps the verified file.
    const retry = weightCache();
    await retry.prefetch([url]);
    expect(sha(storage.entries.get(url)!)).toBe(SHA256);
    const served = await retry.match(url);
    expect(sha(await served!.arrayBuffer())).toBe(SHA256);
    expect(requests).toBe(2);
  });

  it("downloads once more by itself when a whole-looking body has the wrong hash, then keeps only the good file", async () => {
    faults = ["short_body_says_200"];
    const cache = weightCache();
    await cache.prefetch([url]);
    expect(requests).toBe(2);
    expect(sha(storage.entries.get(url)!)).toBe(SHA256);
  });

  it("gives up after the second mismatch, says retrying won't help, and caches nothing", async () => {
    faults = ["wrong_bytes", "wrong_bytes"];
    const error = await weightCache()
      .prefetch([url])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ModelIntegrityError);
    expect(isRetryableLoadError(error)).toBe(false);
    expect(requests).toBe(2);
    expect(storage.entries.size).toBe(0);
  });

  it("tells server trouble (503: retry) from a missing file (404: no retry)", async () => {
    faults = ["http_503"];
    const busy = await weightCache()
      .prefetch([url])
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({ name: "ModelDownloadError", retryable: true });
    faults = ["http_404"];
    const missing = await weightCache()
      .prefetch([url])
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: "ModelDownloadError", retryable: false });
    expect(storage.entries.size).toBe(0);
  });
});

describe("what is already cached", () => {
  it("replaces a corrupt entry left by an older widget instead of using it", async () => {
    storage.entries.set(url, WEIGHTS.subarray(0, 1000));
    const served = await weightCache().match(url);
    expect(sha(await served!.arrayBuffer())).toBe(SHA256);
    expect(requests).toBe(1);
    expect(sha(storage.entries.get(url)!)).toBe(SHA256);
  });

  it("serves a verified entry without downloading", async () => {
    storage.entries.set(url, WEIGHTS.slice());
    const served = await weightCache().match(url);
    expect(sha(await served!.arrayBuffer())).toBe(SHA256);
    expect(requests).toBe(0);
  });

  it("trusts what it stored itself on the next load (no second hash), but not a marker naming another hash", async () => {
    await weightCache().prefetch([url]);
    expect(requests).toBe(1);
    const digest = vi.spyOn(crypto.subtle, "digest");
    try {
      const served = await weightCache().match(url);
      expect(sha(await served!.arrayBuffer())).toBe(SHA256);
      expect(digest).not.toHaveBeenCalled();
      expect(requests).toBe(1);

      // A marker for other bytes (an entry from before the model changed): hashed, then replaced.
      storage.entries.set(url, WEIGHTS.subarray(0, 1000));
      storage.headers.set(url, new Headers({ "x-parley-verified-sha256": "0".repeat(64) }));
      const replaced = await weightCache().match(url);
      expect(sha(await replaced!.arrayBuffer())).toBe(SHA256);
      expect(digest).toHaveBeenCalled();
      expect(requests).toBe(2);
    } finally {
      digest.mockRestore();
    }
  });

  it("refuses to store unverified weights handed to put (transformers.js's own fetch)", async () => {
    const cache = weightCache();
    await cache.put(url, new Response(WEIGHTS.subarray(0, 5000)));
    expect(storage.entries.size).toBe(0);
    await cache.put(url, new Response(WEIGHTS.slice()));
    expect(sha(storage.entries.get(url)!)).toBe(SHA256);
  });

  it("still works this visit, from memory, when there is no Cache Storage", async () => {
    delete (globalThis as { caches?: unknown }).caches;
    const cache = weightCache();
    await cache.prefetch([url]);
    const served = await cache.match(url);
    expect(sha(await served!.arrayBuffer())).toBe(SHA256);
    expect(requests).toBe(1);
  });
});

describe("isRetryableLoadError", () => {
  it("trusts a typed error's own word and retries anything else", () => {
    expect(isRetryableLoadError(new TypeError("Failed to fetch"))).toBe(true);
    expect(isRetryableLoadError(new ModelIntegrityError(FILE, "a", "b"))).toBe(false);
    expect(isRetryableLoadError(new ModelDownloadError(url, "HTTP 404", false))).toBe(false);
    expect(isRetryableLoadError({ retryable: true })).toBe(true);
  });
});
