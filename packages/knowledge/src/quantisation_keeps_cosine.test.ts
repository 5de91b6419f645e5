import { describe, expect, it } from "vitest";
import { cosine, l2Normalize } from "./embedder";
import { decodeVectorFile, encodeVectorFile, quantizeVectors } from "./vector-file";
import { createVectorScorer } from "./vector-search";

function randomUnitVectors(count: number, dims: number, seed = 1): Float32Array[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: count }, () =>
    l2Normalize(Float32Array.from({ length: dims }, random)),
  );
}

describe("int8 vectors with per-vector scale", () => {
  const dims = 512;
  const vectors = randomUnitVectors(300, dims);
  const queries = randomUnitVectors(20, dims, 7);
  const decoded = decodeVectorFile(encodeVectorFile(quantizeVectors(vectors, dims)));

  it("round-trips through vectors.bin at a quarter of float32's size (plus a scale)", () => {
    expect(decoded.count).toBe(300);
    expect(decoded.dims).toBe(dims);
    expect(encodeVectorFile(quantizeVectors(vectors, dims)).byteLength).toBe(16 + 300 * (4 + dims));
  });

  it("keeps every cosine within 0.01 of float32, in the wasm SIMD and the JS scorer alike", () => {
    const simd = createVectorScorer(decoded);
    const js = createVectorScorer(decoded, { preferJs: true });
    expect(simd.kind).toBe("wasm-simd");
    expect(js.kind).toBe("js");
    let worst = 0;
    for (const query of queries) {
      const a = simd.scoreAll(query);
      const b = js.scoreAll(query);
      vectors.forEach((vector, i) => {
        const exact = cosine(query, vector);
        worst = Math.max(worst, Math.abs(a[i]! - exact), Math.abs(b[i]! - exact));
        expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-3);
      });
    }
    expect(worst).toBeLessThan(0.01);
    expect(simd.score(vectors[3]!, 3)).toBeGreaterThan(0.99);
  });

  it("handles dims that are not a multiple of 16 (JS path) and a zero query", () => {
    const odd = randomUnitVectors(5, 100);
    const scorer = createVectorScorer(
      decodeVectorFile(encodeVectorFile(quantizeVectors(odd, 100))),
    );
    expect(scorer.kind).toBe("js");
    expect(scorer.scoreAll(odd[2]!)[2]).toBeGreaterThan(0.99);
    expect(
      [...createVectorScorer(decoded).scoreAll(new Float32Array(dims))].every((s) => s === 0),
    ).toBe(true);
  });
});
