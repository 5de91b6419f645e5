import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { KnowledgeError } from "../errors";
import { encodeManifest, type IndexFiles } from "../index-writer";
import { KnowledgeIndex, type IndexFileSource } from "../knowledge-index";
import { MANIFEST_FILE } from "../index-format";

/** Index files read from a folder; a missing or unreadable file is an error naming it. */
export function indexDirSource(dir: string): IndexFileSource {
  return {
    async read(relative) {
      const file = path.join(dir, relative);
      try {
        return new Uint8Array(await readFile(file));
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        if (code === "ENOENT")
          throw new KnowledgeError("not_found", "not found (is this an index folder?)", {
            file,
            cause,
          });
        throw new KnowledgeError("unreadable", `cannot be read (${code ?? "error"})`, {
          file,
          cause,
        });
      }
    },
  };
}

/** Opens the index in `dir` (Node), checking every file against the manifest. */
export function openIndex(dir: string, options?: { verify?: boolean }): Promise<KnowledgeIndex> {
  return KnowledgeIndex.load(indexDirSource(dir), options);
}

/**
 * Writes an index folder atomically: everything goes into a temporary sibling folder, which
 * then replaces `dir` by rename. A crash leaves either the old index or the new one, never a
 * mix; the old one is removed only after the new one is in place.
 */
export async function writeIndexDir(dir: string, index: IndexFiles): Promise<void> {
  const listed = new Set(index.manifest.files.map((f) => f.path));
  for (const relative of index.files.keys()) {
    // The manifest schema only admits safe relative paths; anything else must not be written.
    if (!listed.has(relative)) {
      throw new KnowledgeError("invalid_argument", `${relative} is not listed in the manifest`, {
        file: dir,
      });
    }
  }
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const stamp = `${process.pid}-${Date.now()}`;
  const temp = path.join(parent, `.${path.basename(target)}.tmp-${stamp}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${stamp}`);
  await mkdir(parent, { recursive: true });
  try {
    await mkdir(temp);
    for (const [relative, bytes] of index.files) {
      const file = path.join(temp, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    }
    // The manifest goes last: a folder with a manifest has all its files.
    await writeFile(path.join(temp, MANIFEST_FILE), encodeManifest(index.manifest));
    let hadOld = false;
    try {
      await rename(target, old);
      hadOld = true;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "ENOENT") throw cause;
    }
    try {
      await rename(temp, target);
    } catch (cause) {
      if (hadOld) await rename(old, target);
      throw cause;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (cause) {
    await rm(temp, { recursive: true, force: true });
    if (cause instanceof KnowledgeError) throw cause;
    throw new KnowledgeError(
      "unreadable",
      `could not write the index (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      { file: target, cause },
    );
  }
}
