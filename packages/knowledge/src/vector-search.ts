import { DOT_INT8_WASM_BASE64 } from "./dot-int8-wasm";
import type { QuantizedVectors } from "./vector-file";

/**
 * Exact cosine of one float32 query against every stored int8 vector.
 *
 * The stored vectors are unit length (both embedders L2-normalise), so cosine = scale_i ·
 * (codes_i · query) / |query|. The dot products run in a 227-byte WebAssembly SIMD kernel
 * (dot-int8.wat) over a copy of the codes in its memory, with the query as int16 (error
 * ~1e-5, far below the int8 storage error); where SIMD is missing or dims is not a multiple
 * of 16 a plain JS loop does the same work about 6× slower.
 */
export interface VectorScorer {
  readonly count: number;
  readonly dims: number;
  readonly kind: "wasm-simd" | "js";
  /** Cosine of `query` with every vector, written into `out` (length ≥ count). */
  scoreAll(query: Float32Array, out?: Float32Array): Float32Array;
  /** Cosine of `query` with vector `i` alone. */
  score(query: Float32Array, i: number): number;
}

export function createVectorScorer(
  vectors: QuantizedVectors,
  options: { preferJs?: boolean } = {},
): VectorScorer {
  if (!options.preferJs && vectors.dims % 16 === 0 && vectors.count > 0) {
    const simd = tryWasmScorer(vectors);
    if (simd) return simd;
  }
  return new JsScorer(vectors);
}

function queryNorm(query: Float32Array, dims: number): number {
  let norm = 0;
  for (let j = 0; j < dims; j++) norm += query[j]! * query[j]!;
  return Math.sqrt(norm);
}

function scoreOne(vectors: QuantizedVectors, query: Float32Array, i: number, norm: number): number {
  const { dims, codes, scales } = vectors;
  const base = i * dims;
  let sum = 0;
  for (let j = 0; j < dims; j++) sum += codes[base + j]! * query[j]!;
  return norm > 0 ? (sum * scales[i]!) / norm : 0;
}

class JsScorer implements VectorScorer {
  readonly kind = "js" as const;
  constructor(private readonly vectors: QuantizedVectors) {}
  get count() {
    return this.vectors.count;
  }
  get dims() {
    return this.vectors.dims;
  }
  score(query: Float32Array, i: number): number {
    return scoreOne(this.vectors, query, i, queryNorm(query, this.dims));
  }
  scoreAll(query: Float32Array, out = new Float32Array(this.count)): Float32Array {
    const { count, dims, scales, codes } = this.vectors;
    const norm = queryNorm(query, dims);
    const inverseNorm = norm > 0 ? 1 / norm : 0;
    const tail = dims - (dims % 8);
    for (let i = 0; i < count; i++) {
      const base = i * dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < tail; j += 8) {
        const b = base + j;
        s0 += codes[b]! * query[j]! + codes[b + 4]! * query[j + 4]!;
        s1 += codes[b + 1]! * query[j + 1]! + codes[b + 5]! * query[j + 5]!;
        s2 += codes[b + 2]! * query[j + 2]! + codes[b + 6]! * query[j + 6]!;
        s3 += codes[b + 3]! * query[j + 3]! + codes[b + 7]! * query[j + 7]!;
      }
      for (; j < dims; j++) s0 += codes[base + j]! * query[j]!;
      out[i] = (s0 + s1 + s2 + s3) * scales[i]! * inverseNorm;
    }
    return out;
  }
}

let wasmModule: WebAssembly.Module | null | undefined;

function compiledModule(): WebAssembly.Module | null {
  if (wasmModule !== undefined) return wasmModule;
  try {
    const binary = atob(DOT_INT8_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    // 227 bytes: far under the browsers' limit for synchronous compilation on the main thread.
    wasmModule = new WebAssembly.Module(bytes);
  } catch {
    wasmModule = null; // no WebAssembly SIMD here: the JS scorer takes over
  }
  return wasmModule;
}

const PAGE = 65536;

function tryWasmScorer(vectors: QuantizedVectors): VectorScorer | null {
  const module = compiledModule();
  if (!module) return null;
  const { count, dims } = vectors;
  const queryBytes = dims * 2;
  const outOffset = Math.ceil(queryBytes / 16) * 16;
  const codesOffset = outOffset + Math.ceil((count * 4) / 16) * 16;
  const totalBytes = codesOffset + count * dims;
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, {});
    const memory = instance.exports.memory as WebAssembly.Memory;
    const needed = Math.ceil(totalBytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (needed > 0) memory.grow(needed);
  } catch {
    return null; // memory could not grow (very large index on a small device): use JS
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const dotInt8 = instance.exports.dotInt8 as (
    codes: number,
    query: number,
    count: number,
    dims: number,
    out: number,
  ) => void;
  new Int8Array(memory.buffer, codesOffset, count * dims).set(vectors.codes);
  const query16 = new Int16Array(memory.buffer, 0, dims);
  const sums = new Int32Array(memory.buffer, outOffset, count);
  const { scales } = vectors;
  return {
    kind: "wasm-simd",
    count,
    dims,
    score: (query, i) => scoreOne(vectors, query, i, queryNorm(query, dims)),
    scoreAll(query, out = new Float32Array(count)) {
      const norm = queryNorm(query, dims);
      let maxAbs = 0;
      for (let j = 0; j < dims; j++) maxAbs = Math.max(maxAbs, Math.abs(query[j]!));
      if (norm === 0 || maxAbs === 0) return out.fill(0, 0, count);
      const toInt16 = 32767 / maxAbs;
      for (let j = 0; j < dims; j++) query16[j] = Math.round(query[j]! * toInt16);
      dotInt8(codesOffset, 0, count, dims, outOffset);
      const factor = 1 / (toInt16 * norm);
      for (let i = 0; i < count; i++) out[i] = sums[i]! * scales[i]! * factor;
      return out;
    },
  };
}
