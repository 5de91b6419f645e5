import type { LoadProgress } from "../core/voice-agent";

/**
 * A cache for transformers.js (`env.customCache`) that downloads weight files itself, checks
 * their sha256 before anything uses them, keeps them in Cache Storage for the next visit, and
 * reports byte progress. Files without a known hash pass through to transformers.js, which
 * fetches them and calls `put`.
 */
export class VerifiedModelCache {
  private cache: Cache | null = null;

  constructor(
    /** sha256 by file name ("encoder_model_quantized.onnx"). */
    private readonly expected: Record<string, string>,
    private readonly onProgress: (progress: LoadProgress) => void,
    private readonly label: string,
    private readonly cacheName = "parley-models-v1",
  ) {}

  async match(request: string | Request): Promise<Response | undefined> {
    const url = typeof request === "string" ? request : request.url;
    if (!/^https?:/.test(url)) return undefined;
    const cache = await this.open();
    const hit = await cache?.match(url);
    const expectedHash = this.expected[fileName(url)];
    if (hit) {
      if (expectedHash)
        this.report(url, Number(hit.headers.get("content-length") ?? 0), null, true);
      return hit;
    }
    if (!expectedHash) return undefined;
    const bytes = await this.download(url);
    const actual = await sha256Hex(bytes);
    if (actual !== expectedHash) throw new ModelIntegrityError(fileName(url), expectedHash, actual);
    const response = new Response(bytes, {
      headers: { "content-length": String(bytes.byteLength) },
    });
    await cache?.put(url, response.clone()).catch(() => undefined); // quota: still usable this visit
    return response;
  }

  async put(request: string | Request, response: Response): Promise<void> {
    const url = typeof request === "string" ? request : request.url;
    const cache = await this.open();
    await cache?.put(url, response).catch(() => undefined);
  }

  private async open(): Promise<Cache | null> {
    if (this.cache) return this.cache;
    try {
      this.cache = await caches.open(this.cacheName);
    } catch {
      this.cache = null; // opaque origins and some privacy modes have no Cache Storage
    }
    return this.cache;
  }

  private async download(url: string): Promise<ArrayBuffer> {
    const response = await fetch(url);
    if (!response.ok || !response.body) {
      throw new ModelDownloadError(
        url,
        `HTTP ${response.status}`,
        response.status >= 500 || response.status === 429,
      );
    }
    const total = Number(response.headers.get("content-length") ?? 0) || null;
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      this.report(url, loaded, total, false);
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

export class ModelIntegrityError extends Error {
  readonly retryable = false;
  constructor(file: string, expected: string, actual: string) {
    super(`${file}: sha256 ${actual} does not match the expected ${expected}`);
    this.name = "ModelIntegrityError";
  }
}

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
