import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

/**
 * A site's bundle that says `import "@parley/widget/parley.js"` keeps the script-tag loader: the
 * import binds nothing, so a bundler drops it when the package declares no side effects. The
 * package is the publishable one (dist/npm), installed into a consumer's node_modules.
 */
const widgetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkgDir = path.join(widgetDir, "dist/npm");
const consumers: string[] = [];

/** A consumer project with the package installed, its package.json changed by `edit`. */
function consumerWith(edit: (pkg: Record<string, unknown>) => void): string {
  if (!existsSync(path.join(pkgDir, "cdn/parley.js")))
    throw new Error("widget/dist/npm is missing: run `pnpm --filter @parley/widget build`");
  const dir = mkdtempSync(path.join(os.tmpdir(), "parley-bundler-"));
  consumers.push(dir);
  const installed = path.join(dir, "node_modules/@parley/widget");
  mkdirSync(path.join(installed, "cdn"), { recursive: true });
  cpSync(path.join(pkgDir, "cdn/parley.js"), path.join(installed, "cdn/parley.js"));
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")) as Record<
    string,
    unknown
  >;
  edit(pkg);
  writeFileSync(path.join(installed, "package.json"), JSON.stringify(pkg));
  return dir;
}

async function bundleOf(consumer: string): Promise<string> {
  const result = await build({
    stdin: { contents: `import "@parley/widget/parley.js";\n`, resolveDir: consumer },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    minify: true,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

afterAll(() => {
  for (const dir of consumers) rmSync(dir, { recursive: true, force: true });
});

describe("bundling import '@parley/widget/parley.js'", () => {
  it("keeps the loader (it registers <parley-agent> and fetches parley-agent.js)", async () => {
    const code = await bundleOf(consumerWith(() => undefined));
    expect(code).toContain("parley-agent.js");
    expect(code.length).toBeGreaterThan(5_000);
  });

  it("would lose it if the package declared no side effects at all (what this guards)", async () => {
    const code = await bundleOf(
      consumerWith((pkg) => {
        pkg.sideEffects = false;
      }),
    );
    expect(code).not.toContain("parley-agent.js");
  });
});
