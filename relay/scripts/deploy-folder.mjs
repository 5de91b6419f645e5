// `pnpm relay:deploy-folder [DIR]`: the relay as a folder that runs with nothing but Node
// (`node server.js`), with no workspace, no pnpm and no install step. Default DIR: relay/dist/deploy.
//
//   server.js, outbox-worker.js   the relay and its outbox thread, every JavaScript dependency
//                                 bundled in (esbuild)
//   node_modules/libsql, …        the one native dependency (libSQL's prebuilt binary for this
//                                 platform), copied with what it loads at run time
//   drizzle/                      the database migrations, applied at start
//   dashboard/                    the built dashboard and agent console
//   package.json, .env.example, parley-relay.service, README.md
//
// The folder is built for the platform it is made on (the native binary); make it on the same
// OS and CPU as the server, or on the server itself.
import { build } from "esbuild";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const relayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(process.argv[2] ?? path.join(relayDir, "dist/deploy"));
/** Loaded with require() by the bundle: a native addon cannot be bundled. */
const NATIVE = ["libsql"];

function fail(message) {
  console.error(`relay deploy folder: ${message}`);
  process.exit(1);
}

/** The installed folder of `name` as seen from `fromDir` (pnpm links resolved), or null. */
function packageDir(name, fromDir) {
  const require = createRequire(path.join(fromDir, "package.json"));
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (existsSync(path.join(dir, "package.json"))) return realpathSync(dir);
  }
  return null;
}

/** Copies `name` and everything it depends on (optional ones only where installed). */
function copyWithDependencies(name, fromDir, copied = new Set()) {
  if (copied.has(name)) return;
  const dir = packageDir(name, fromDir);
  if (!dir) throw new Error(`${name} is not installed (needed beside the bundle)`);
  copied.add(name);
  cpSync(dir, path.join(out, "node_modules", name), { recursive: true, dereference: true });
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(pkg.dependencies ?? {})) copyWithDependencies(dep, dir, copied);
  for (const dep of Object.keys(pkg.optionalDependencies ?? {}))
    if (packageDir(dep, dir)) copyWithDependencies(dep, dir, copied);
}

const dashboard = path.join(relayDir, "dashboard/dist");
if (!existsSync(path.join(dashboard, "index.html")))
  fail("the dashboard is not built: run `pnpm --filter @parley/relay build` first");

const started = Date.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  absWorkingDir: relayDir,
  entryPoints: { server: "src/server.ts", "outbox-worker": "src/outbox/worker-thread.ts" },
  outdir: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  jsx: "automatic",
  // Readable stack traces in production logs, without 40 MB of source maps.
  minify: false,
  sourcemap: false,
  legalComments: "none",
  external: NATIVE,
  // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __parleyCreateRequire } from "node:module"; const require = __parleyCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});

for (const name of NATIVE) copyWithDependencies(name, relayDir);
cpSync(path.join(relayDir, "drizzle"), path.join(out, "drizzle"), { recursive: true });
cpSync(dashboard, path.join(out, "dashboard"), { recursive: true });
cpSync(path.join(relayDir, ".env.example"), path.join(out, ".env.example"));
cpSync(path.join(relayDir, "deploy/parley-relay.service"), path.join(out, "parley-relay.service"));
cpSync(path.join(relayDir, "deploy/README.md"), path.join(out, "README.md"));
cpSync(path.join(relayDir, "../LICENSE"), path.join(out, "LICENSE"));
const relayPkg = JSON.parse(readFileSync(path.join(relayDir, "package.json"), "utf8"));
writeFileSync(
  path.join(out, "package.json"),
  `${JSON.stringify(
    {
      name: "parley-relay",
      version: relayPkg.version,
      private: true,
      description: relayPkg.description,
      license: relayPkg.license,
      type: "module",
      engines: relayPkg.engines,
      scripts: { start: "node server.js" },
    },
    null,
    2,
  )}\n`,
);
console.log(
  `relay deploy folder: ${path.relative(process.cwd(), out) || "."} (node server.js) in ${Date.now() - started} ms`,
);
