import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex, sha256Js } from "./sha256";

describe("sha256 fallback for pages without crypto.subtle", () => {
  it("matches node:crypto for empty, block-boundary and long inputs", async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000, 100_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      const expected = createHash("sha256").update(bytes).digest("hex");
      expect(Buffer.from(sha256Js(bytes)).toString("hex")).toBe(expected);
      expect(await sha256Hex(bytes)).toBe(expected);
    }
  });
});
