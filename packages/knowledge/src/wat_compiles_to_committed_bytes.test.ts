import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileWat } from "../scripts/wat";
import { DOT_INT8_WASM_BASE64 } from "./dot-int8-wasm";

describe("the SIMD dot-product kernel", () => {
  it("in dot-int8-wasm.ts is exactly dot-int8.wat compiled (run compile-wat after editing the .wat)", async () => {
    const source = readFileSync(new URL("./dot-int8.wat", import.meta.url), "utf8");
    const bytes = await compileWat(source);
    expect(Buffer.from(bytes).toString("base64")).toBe(DOT_INT8_WASM_BASE64);
  });
});
