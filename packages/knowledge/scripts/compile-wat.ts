// Compiles src/dot-int8.wat into src/dot-int8-wasm.ts (base64), so the browser and Node load the
// same bytes without a build step. wat_compiles_to_committed_bytes.test.ts keeps them in sync.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileWat } from "./wat";

const watPath = fileURLToPath(new URL("../src/dot-int8.wat", import.meta.url));
const outPath = fileURLToPath(new URL("../src/dot-int8-wasm.ts", import.meta.url));
const bytes = await compileWat(readFileSync(watPath, "utf8"));
writeFileSync(
  outPath,
  `// Generated from dot-int8.wat by scripts/compile-wat.ts — do not edit.\n` +
    `export const DOT_INT8_WASM_BASE64 =\n  "${Buffer.from(bytes).toString("base64")}";\n`,
);
console.log(`wrote ${outPath} (${bytes.length} bytes of wasm)`);
