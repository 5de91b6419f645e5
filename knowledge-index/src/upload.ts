import { readFile } from "node:fs/promises";
import { contentTypeFor } from "@parley/protocol/content-type";
import path from "node:path";
import { KnowledgeError, MANIFEST_FILE } from "@parley/knowledge";
import { withBackoff, type BackoffOptions } from "@parley/protocol";
import { openIndex } from "@parley/knowledge/node";

export interface UploadOptions {
  indexDir: string;
  relay: string;
  token: string;
  site?: string;
  fetch?: typeof fetch;
  /** Retries of a file whose upload failed in a retryable way (unreachable, 5xx, 429). */
  backoff?: BackoffOptions;
  /** After each file: how many of how many, and the bytes sent so far. */
  onProgress?: (progress: UploadProgress) => void;
}

export interface UploadProgress {
  file: string;
  done: number;
  total: number;
  bytes: number;
}

/** Four retries over about 8 s: long enough for a relay restart, short enough to give up. */
export const UPLOAD_BACKOFF: BackoffOptions = { retries: 4, baseMs: 500, maxMs: 4000 };

/**
 * Uploads an index to a relay: `PUT {relay}/v1/sites/{site}/knowledge/{path}` for every file
 * the manifest lists, then the manifest itself last — so a widget reading the relay's manifest
 * never sees one that refers to files not yet uploaded. The index is verified locally first.
 * The site comes from `site`, else from a relay URL ending in /v1/sites/<site>. A file whose
 * upload fails in a way marked retryable is sent again with backoff; the rest fail at once.
 */
export async function uploadIndex(
  options: UploadOptions,
): Promise<{ site: string; files: number; bytes: number }> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const index = await openIndex(options.indexDir);
  let relay: URL;
  try {
    relay = new URL(options.relay);
  } catch {
    throw new KnowledgeError("invalid_argument", `--relay "${options.relay}" is not a URL`);
  }
  const fromUrl = /\/v1\/sites\/([^/]+)\/?$/.exec(relay.pathname);
  const site = options.site ?? (fromUrl ? decodeURIComponent(fromUrl[1]!) : undefined);
  if (!site)
    throw new KnowledgeError(
      "invalid_argument",
      "which site? pass --site <siteId> (or a --relay URL ending in /v1/sites/<siteId>)",
    );
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(site))
    throw new KnowledgeError("invalid_argument", `--site "${site}" is not a site id`);
  const base = fromUrl
    ? relay.href.replace(/\/?$/, "/")
    : new URL(`v1/sites/${encodeURIComponent(site)}/`, relay.href.replace(/\/?$/, "/")).href;
  const paths = [...index.manifest.files.map((f) => f.path), MANIFEST_FILE];
  let bytes = 0;
  for (const [i, relative] of paths.entries()) {
    const body = await readFile(path.join(options.indexDir, relative));
    const url = new URL(`knowledge/${relative.split("/").map(encodeURIComponent).join("/")}`, base)
      .href;
    await withBackoff(
      () => putFile(fetchImpl, url, relative, body, options.token),
      (error) => error instanceof KnowledgeError && error.retryable,
      options.backoff ?? UPLOAD_BACKOFF,
    );
    bytes += body.byteLength;
    options.onProgress?.({ file: relative, done: i + 1, total: paths.length, bytes });
  }
  return { site, files: paths.length, bytes };
}

async function putFile(
  fetchImpl: typeof fetch,
  url: string,
  relative: string,
  body: Uint8Array<ArrayBuffer>,
  token: string,
): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": contentTypeFor(relative) },
      body,
    });
  } catch (cause) {
    throw new KnowledgeError("network", `upload failed: relay unreachable`, {
      file: url,
      retryable: true,
      cause,
    });
  }
  if (response.ok) return;
  const detail = (await response.text().catch(() => "")).replace(/\s+/g, " ").slice(0, 200);
  const hint = response.status === 401 || response.status === 403 ? " (check --token)" : "";
  throw new KnowledgeError(
    "network",
    `upload failed: HTTP ${response.status}${hint}${detail ? `: ${detail}` : ""}`,
    { file: url, retryable: response.status >= 500 || response.status === 429 },
  );
}
