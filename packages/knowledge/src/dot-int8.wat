;; Exact int8 × int16 dot products with WebAssembly SIMD, for cosineAll().
;; out[i] = Σ_j codes[i*dims + j] * query[j]   (i32; |sum| < 2^31 for dims ≤ 1024)
;; codes: int8[count*dims], query: int16[dims], out: int32[count]; dims a multiple of 16.
;; Compiled into dot-int8-wasm.ts by `pnpm --filter @parley/knowledge run compile-wat`.
(module
  (memory (export "memory") 1)
  (func (export "dotInt8")
    (param $codes i32) (param $query i32) (param $count i32) (param $dims i32) (param $out i32)
    (local $i i32) (local $qp i32) (local $qEnd i32) (local $acc v128) (local $c v128)
    (local.set $qEnd (i32.add (local.get $query) (i32.shl (local.get $dims) (i32.const 1))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $qp (local.get $query))
        (loop $cols
          (local.set $c (v128.load (local.get $codes)))
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (v128.load (local.get $qp)))))
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (v128.load offset=16 (local.get $qp)))))
          (local.set $codes (i32.add (local.get $codes) (i32.const 16)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 32)))
          (br_if $cols (i32.lt_u (local.get $qp) (local.get $qEnd))))
        (i32.store (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))))
