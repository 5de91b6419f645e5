import { describe, expect, it } from "vitest";
import { KnowledgeError } from "./errors";
import { decodeVectorFile, encodeVectorFile, quantizeVectors } from "./vector-file";

describe("vectors.bin validation", () => {
  const good = encodeVectorFile(
    quantizeVectors([new Float32Array(16).fill(0.25), new Float32Array(16).fill(-0.25)], 16),
  );

  it("rejects a truncated file with an error naming it", () => {
    expect(() => decodeVectorFile(good.subarray(0, good.length - 3), "idx/vectors.bin")).toThrow(
      /idx\/vectors.bin: size .* does not match 2 vectors of 16 dims/,
    );
  });

  it("rejects a file with the wrong magic", () => {
    const bad = good.slice();
    bad[0] = 0x58;
    const error = (() => {
      try {
        decodeVectorFile(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).code).toBe("corrupt");
    expect((error as KnowledgeError).retryable).toBe(false);
  });

  it("rejects a file too short for its header", () => {
    expect(() => decodeVectorFile(new Uint8Array(5))).toThrow(/too short/);
  });
});
