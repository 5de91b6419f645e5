// The publishable package in dist/npm/: package.json (dependencies = the bare imports the built
// library really has), declarations for the public API (plus the protocol types it exposes),
// the script-tag build and the embedding README. Run by build-widget.mjs after the lib build.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const widgetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(widgetDir, "dist/npm");
const typesDir = path.join(out, "types");
const TYPES_ENTRY = "types/widget/src/index.d.ts";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Declarations: tsc from the widget's index, protocol imports rewritten to the copies beside. */
function emitTypes() {
  rmSync(typesDir, { recursive: true, force: true });
  const tscBin = createRequire(path.join(widgetDir, "package.json")).resolve("typescript/bin/tsc");
  const tsc = spawnSync(process.execPath, [tscBin, "-p", "tsconfig.types.json"], {
    cwd: widgetDir,
    encoding: "utf8",
  });
  const entry = path.join(out, TYPES_ENTRY);
  if (!existsSync(entry)) throw new Error(`tsc wrote no declarations:\n${tsc.stdout}${tsc.stderr}`);
  const protocolIndex = path.join(typesDir, "packages/protocol/src/index.js");
  // Keep only what the public entry reaches (the pipeline's internals are not API).
  const reachable = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (reachable.has(file) || !existsSync(file)) continue;
    reachable.add(file);
    let text = readFileSync(file, "utf8");
    text = text.replace(/(from\s+|import\()"@parley\/protocol"/g, (_m, head) => {
      let rel = path.relative(path.dirname(file), protocolIndex).split(path.sep).join("/");
      if (!rel.startsWith(".")) rel = `./${rel}`;
      return `${head}"${rel}"`;
    });
    writeFileSync(file, text);
    for (const match of text.matchAll(/(?:from\s+|import\()"(\.[^"]+)"/g)) {
      const target = path.resolve(path.dirname(file), match[1]).replace(/\.js$/, "");
      queue.push(`${target}.d.ts`, path.join(target, "index.d.ts"));
    }
  }
  for (const file of walk(typesDir)) if (!reachable.has(file)) rmSync(file);
  const leftover = [...reachable].filter((f) => /from\s+"@parley\//.test(readFileSync(f, "utf8")));
  if (leftover.length)
    throw new Error(`public types still import private packages: ${leftover.join(", ")}`);
  return [...reachable].flatMap((f) =>
    [...readFileSync(f, "utf8").matchAll(/(?:from\s+|import\()"([^".][^"]*)"/g)].map((m) =>
      packageName(m[1]),
    ),
  );
}

function versionOf(name) {
  // Direct dependency of the widget, or of the workspace package that brought it in.
  const bases = [
    widgetDir,
    ...["protocol", "agent-core", "knowledge"].map((p) => path.join(widgetDir, "../packages", p)),
  ];
  for (const base of bases) {
    try {
      const require = createRequire(path.join(base, "package.json"));
      for (const dir of require.resolve.paths(name) ?? []) {
        const file = path.join(dir, name, "package.json");
        if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")).version;
      }
    } catch {
      /* try the next base */
    }
  }
  throw new Error(`cannot find the installed version of ${name}`);
}

const widgetPkg = JSON.parse(readFileSync(path.join(widgetDir, "package.json"), "utf8"));
const typeImports = emitTypes();
const runtimeImports = walk(path.join(out, "lib"))
  .filter((f) => f.endsWith(".js"))
  .flatMap((f) => [
    ...readFileSync(f, "utf8").matchAll(
      /(?:^|[\s;}])(?:import|export)\s[^"';]*?from\s*"([^".][^"]*)"|import\(\s*"([^".][^"]*)"\s*\)/gm,
    ),
  ])
  .map((m) => packageName(m[1] ?? m[2]));
const peers = new Set(["react", "react-dom"]);
const dependencies = {};
for (const name of new Set([...runtimeImports, ...typeImports])) {
  if (peers.has(name) || name.startsWith("@parley/") || name.startsWith("node:")) continue;
  dependencies[name] = versionOf(name);
}

cpSync(path.join(widgetDir, "dist/cdn"), path.join(out, "cdn"), { recursive: true });
cpSync(path.join(widgetDir, "EMBEDDING.md"), path.join(out, "README.md"));
cpSync(path.join(widgetDir, "../LICENSE"), path.join(out, "LICENSE"));
const pkg = {
  name: "@parley/widget",
  version: widgetPkg.version,
  description:
    "Parley's on-device voice support agent for websites: React component, hook, custom element and script-tag loader.",
  license: widgetPkg.license,
  repository: widgetPkg.repository,
  engines: widgetPkg.engines,
  type: "module",
  // The library has none; the script-tag build registers <parley-agent> and the loader when
  // imported (`import "@parley/widget/parley.js"`), so bundlers must keep it.
  sideEffects: ["./cdn/*.js"],
  exports: {
    ".": { types: `./${TYPES_ENTRY}`, default: "./lib/index.js" },
    "./parley.js": "./cdn/parley.js",
    "./package.json": "./package.json",
  },
  types: `./${TYPES_ENTRY}`,
  files: ["lib", "types", "cdn", "README.md", "LICENSE"],
  dependencies: Object.fromEntries(Object.entries(dependencies).sort()),
  peerDependencies: { react: ">=18", "react-dom": ">=18" },
  peerDependenciesMeta: { react: { optional: true }, "react-dom": { optional: true } },
};
writeFileSync(path.join(out, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(
  `widget: dist/npm package (${Object.keys(dependencies).length} dependencies: ${Object.keys(dependencies).join(", ")})`,
);
