// The GEMM micro-kernel: a 4×8 block of C held in 8 f32x4 registers while it
// runs over a packed A micro-panel (4 floats per k) and a packed B
// micro-panel (8 floats per k). 8 accumulators + 2 B vectors + 1 A splat
// stay within the ~15 SIMD registers V8 can allocate on x64 without spills.

/** Rows of C per micro-tile. */
export const MR: i32 = 4;
/** Columns of C per micro-tile (two f32x4 lanes). */
export const NR: i32 = 8;

/** a * b + c: one FMA in the relaxed-SIMD build, mul + add in plain SIMD128. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * C[0:4, 0:8] (row stride `ldcBytes`) = (accumulate ? C : 0) + Ap · Bp over
 * `kc` steps. Ap is [kc][4], Bp is [kc][8], both contiguous.
 */
export function microKernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldcBytes: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // Not unrolled on purpose: V8's register allocator hoists the loads of an
  // unrolled body and spills accumulators (measured 26 vs 55 GFLOP/s).
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 16; bp += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldcBytes)); c11 = f32x4.add(c11, v128.load(c + ldcBytes, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldcBytes)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcBytes, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldcBytes)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcBytes, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldcBytes, c10); v128.store(c + ldcBytes, c11, 16);
  v128.store(c + 2 * ldcBytes, c20); v128.store(c + 2 * ldcBytes, c21, 16);
  v128.store(c + 3 * ldcBytes, c30); v128.store(c + 3 * ldcBytes, c31, 16);
}
