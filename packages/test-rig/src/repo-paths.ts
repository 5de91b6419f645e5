import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the monorepo root (the folder holding pnpm-workspace.yaml). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`test-rig: no pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

/**
 * The rig's cache folder inside the repo's gitignored `.cache/` (generated speech, etc.).
 * Set PARLEY_TEST_RIG_CACHE to put it elsewhere.
 */
export function rigCacheDir(...parts: string[]): string {
  const base = process.env.PARLEY_TEST_RIG_CACHE ?? path.join(repoRoot(), ".cache", "test-rig");
  return path.join(base, ...parts);
}
