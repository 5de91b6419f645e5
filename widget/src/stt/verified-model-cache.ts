import type { LoadProgress } from "../core/voice-agent";

/**
 * A cache for transformers.js (`env.customCache`) that downloads weight files itself, checks
 * their sha256 before anything uses them, keeps them in Cache Storage for the next visit, and
 * reports byte progress. Files without a known hash pass through to transformers.js, which
 * fetches them and calls `put`.
 *
 * transformers.js swallows every error a cache's `match` throws and then fetches the file itself,
 * unchecked. So a failed download must not be reported from `match`: the worker calls
 * `prefetch` for the weights before building the pipeline, and its errors (typed, saying whether
 * a retry makes sense) reach the visitor. Only verified bytes are ever stored: a download cut
 * short, a truncated body or a hash mismatch leaves the cache as it was.
 *
 * What this class stores carries the hash it was checked against (`VERIFIED_HEADER`), so a later
 * load trusts it without reading and hashing ~77 MB again; an unmarked entry (left by an older
 * widget that cached what it had not checked) is hashed, then marked or replaced.
 */
export class VerifiedModelCache {
  private cache: Cache | null = null;
  private opened = false;
  /**
   * Verified this load, by URL: null when the bytes are in Cache Storage, the bytes themselves
   * when there is no Cache Storage to hold them.
   */
  private readonly verified = new Map<string, ArrayBuffer | null>();
  private readonly inFlight = new Map<string, Promise<ArrayBuffer | null>>();

  constructor(
    /** sha256 by file name ("encoder_model_quantized.onnx"). */
    private readonly expected: Record<string, string>,
    private readonly onProgress: (progress: LoadProgress) => void,
    private readonly label: string,
    private readonly cacheName = "parley-models-v1",
  ) {}

  /**
   * Makes sure each URL's verified bytes are at hand (cached, or downloaded and checked), so
   * the pipeline's own `match` calls hit. Rejects with `ModelDownloadError` (retryable when the
   * network failed) or `ModelIntegrityError`.
   */
  async prefetch(urls: readonly string[]): Promise<void> {
    await Promise.all(urls.map((url) => this.verify(url)));
  }

  async match(request: string | Request): Promise<Response | undefined> {
    const url = typeof request === "string" ? request : request.url;
    if (!/^https?:/.test(url)) return undefined;
    const cache = await this.open();
    if (!this.expected[fileName(url)]) return cache?.match(url);
    const bytes = await this.verify(url);
    if (bytes) return weightResponse(bytes);
    const hit = await cache?.match(url);
    if (hit) return hit;
    // Evicted since it was checked (storage pressure): downloaded and checked again.
    this.verified.delete(url);
    const again = await this.verify(url);
    return again ? weightResponse(again) : cache?.match(url);
  }

  async put(request: string | Request, response: Response): Promise<void> {
    const url = typeof request === "string" ? request : request.url;
    const cache = await this.open();
    if (!cache) return;
    const expectedHash = this.expected[fileName(url)];
    if (expectedHash) {
      // Weights are stored by `loadVerified` only; bytes from elsewhere are checked first.
      const bytes = await response.arrayBuffer();
      if ((await sha256Hex(bytes)) !== expectedHash) return;
      await this.store(url, bytes, expectedHash);
      return;
    }
    await cache.put(url, response).catch(() => undefined);
  }

  /**
   * Checks the file once per load. Resolves with its bytes when they were read or downloaded on
   * the way (or live only in memory), null when the checked copy is in Cache Storage unread.
   */
  private verify(url: string): Promise<ArrayBuffer | null> {
    if (this.verified.has(url)) return Promise.resolve(this.verified.get(url) ?? null);
    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.loadVerified(url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  private async loadVerified(url: string): Promise<ArrayBuffer | null> {
    const expectedHash = this.expected[fileName(url)];
    if (!expectedHash) throw new Error(`no sha256 is known for ${fileName(url)}`);
    const cache = await this.open();
    const hit = await cache?.match(url);
    if (hit) {
      if (hit.headers.get(VERIFIED_HEADER) === expectedHash) {
        // Stored by this class after its check: not read or hashed again on every load.
        void hit.body?.cancel().catch(() => undefined);
        this.report(url, Number(hit.headers.get("content-length")) || 0, null, true);
        this.verified.set(url, null);
        return null;
      }
      const bytes = await hit.arrayBuffer();
      if ((await sha256Hex(bytes)) === expectedHash) {
        // Intact but unmarked (an older widget's entry): marked now, so later loads skip this.
        this.report(url, bytes.byteLength, null, true);
        this.remember(url, bytes, await this.store(url, bytes, expectedHash));
        return bytes;
      }
      // Stored by an older widget that cached what it had not checked: never used, replaced.
      await cache?.delete(url).catch(() => undefined);
    }
    let bytes = await this.download(url, "default");
    let actual = await sha256Hex(bytes);
    if (actual !== expectedHash) {
      // A full body with the wrong bytes (a proxy's error page, a truncation that still said
      // 200, a stale HTTP cache): once more past every cache before giving up.
      bytes = await this.download(url, "reload");
      actual = await sha256Hex(bytes);
      if (actual !== expectedHash)
        throw new ModelIntegrityError(fileName(url), expectedHash, actual);
    }
    this.remember(url, bytes, await this.store(url, bytes, expectedHash));
    return bytes;
  }

  /** Kept in memory only when Cache Storage could not take it (the bytes are in the cache). */
  private remember(url: string, bytes: ArrayBuffer, inCache: boolean): void {
    this.verified.set(url, inCache ? null : bytes);
  }

  private async store(url: string, bytes: ArrayBuffer, sha256: string): Promise<boolean> {
    const cache = await this.open();
    if (!cache) return false;
    const response = weightResponse(bytes, { [VERIFIED_HEADER]: sha256 });
    // Quota: still usable this visit, from memory.
    return cache.put(url, response).then(
      () => true,
      () => false,
    );
  }

  private async open(): Promise<Cache | null> {
    if (this.opened) return this.cache;
    this.opened = true;
    try {
      this.cache = await caches.open(this.cacheName);
    } catch {
      this.cache = null; // opaque origins and some privacy modes have no Cache Storage
    }
    return this.cache;
  }

  private async download(url: string, mode: RequestCache): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(url, { cache: mode });
    } catch (error) {
      throw new ModelDownloadError(url, `network error (${messageOf(error)})`, true);
    }
    if (!response.ok || !response.body) {
      throw new ModelDownloadError(
        url,
        `HTTP ${response.status}`,
        response.status >= 500 || response.status === 429 || response.status === 408,
      );
    }
    const total = Number(response.headers.get("content-length") ?? 0) || null;
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        this.report(url, loaded, total, false);
      }
    } catch (error) {
      throw new ModelDownloadError(
        url,
        `the connection dropped after ${loaded} bytes (${messageOf(error)})`,
        true,
      );
    }
    // A compressed body's length is not the file's: only plain bodies can be measured here.
    if (total !== null && loaded < total && !response.headers.get("content-encoding")) {
      throw new ModelDownloadError(url, `only ${loaded} of ${total} bytes arrived`, true);
    }
    const bytes = new Uint8Array(loaded);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes.buffer;
  }

  private report(url: string, loaded: number, total: number | null, fromCache: boolean): void {
    this.onProgress({
      part: "stt",
      label: `${this.label} — ${fileName(url)}`,
      loadedBytes: loaded,
      totalBytes: total ?? (fromCache ? loaded : null),
      fraction: total ? Math.min(1, loaded / total) : fromCache ? 1 : 0,
      fromCache,
    });
  }
}

/** On a stored weight file: the sha256 its bytes were checked against before they were stored. */
const VERIFIED_HEADER = "x-parley-verified-sha256";

function weightResponse(bytes: ArrayBuffer, headers: Record<string, string> = {}): Response {
  return new Response(bytes, {
    headers: { "content-length": String(bytes.byteLength), ...headers },
  });
}

/** The file arrived whole twice and its bytes are not the published ones: retrying won't help. */
export class ModelIntegrityError extends Error {
  readonly retryable = false;
  constructor(file: string, expected: string, actual: string) {
    super(`${file}: sha256 ${actual} does not match the expected ${expected}`);
    this.name = "ModelIntegrityError";
  }
}

/** The file did not arrive (network cut, truncated body, HTTP error). */
export class ModelDownloadError extends Error {
  constructor(
    url: string,
    reason: string,
    readonly retryable: boolean,
  ) {
    super(`could not download ${fileName(url)}: ${reason}`);
    this.name = "ModelDownloadError";
  }
}

export function fileName(url: string): string {
  return url.split("?")[0]!.split("/").pop() ?? url;
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
