// Packing of GEMM operands into the micro-kernel's panel layouts. Operands are
// read through (row stride, column stride) in elements, so a transposed
// operand is just another pair of strides: the transpose is absorbed here and
// the micro-kernel always sees the same contiguous layout. The common
// layouts get SIMD paths (contiguous loads, 4×4 in-register transposes); the
// rest, and ragged edges, go through a scalar gather with zero fill.
import { MR, NR } from './gemm-kernel';

/** Transposes the 4×4 block held in rows r0..r3 and stores its columns at dst, dst+16, ... */
@inline export function storeTransposed4x4(dst: usize, r0: v128, r1: v128, r2: v128, r3: v128, dstStride: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * Scalar gather of an r×c block (r ≤ rowsOut, c ≤ colsOut) of a strided
 * matrix into a [kc][width] panel slab, zero-filling the missing lanes.
 * `laneIsRow` says whether the panel's lanes (the non-k index) run along the
 * source rows (A panels) or along the source columns (B panels).
 */
function packEdge(dst: usize, src: usize, rs: i32, cs: i32, kc: i32, lanes: i32, width: i32, laneIsRow: bool): void {
  for (let p = 0; p < kc; p++) {
    for (let l = 0; l < width; l++) {
      let v: f32 = 0;
      if (l < lanes) {
        const off = laneIsRow ? <usize>l * rs + <usize>p * cs : <usize>p * rs + <usize>l * cs;
        v = load<f32>(src + (off << 2));
      }
      store<f32>(dst + (<usize>(p * width + l) << 2), v);
    }
  }
}

/** The first `count` (0..4) floats at p in the low lanes, zeros above; never reads past them. */
@inline function loadPartial(p: usize, count: i32): v128 {
  if (count >= 4) return v128.load(p);
  if (count <= 0) return f32x4.splat(0);
  if (count == 1) return v128.load32_zero(p);
  const two = v128.load64_zero(p);
  return count == 2 ? two : f32x4.replace_lane(two, 2, load<f32>(p, 8));
}

/** Four floats at p when `present`, else zeros (a missing row or column of an edge slab). */
@inline function loadOrZero(p: usize, present: bool): v128 {
  return present ? v128.load(p) : f32x4.splat(0);
}

/**
 * Packs rows [0, mc) × k [0, kc) of A (element (i, k) at a + 4·(i·rs + k·cs))
 * into MR-row slabs: slab s holds [kc][MR] floats at dst + s·kc·MR·4, rows
 * past mc zero. Ragged last slabs take the same vector paths with zero lanes.
 */
export function packA(dst: usize, a: usize, rs: i32, cs: i32, mc: i32, kc: i32): void {
  const slabBytes = <usize>(kc * MR) << 2;
  let i = 0;
  if (rs == 1) {
    // Transposed A, four full slabs per pass: each k's 16 rows are 64
    // contiguous bytes, read in one go (slab by slab, every cache line was
    // fetched four times, 16 bytes each, at a stride of a whole column).
    const colStep = <usize>cs << 2;
    for (; i + 4 * MR <= mc; i += 4 * MR) {
      const src = a + (<usize>i << 2);
      for (let p = 0; p < kc; p++) {
        const s = src + <usize>p * colStep;
        const d = dst + (<usize>p << 4);
        v128.store(d, v128.load(s));
        v128.store(d + slabBytes, v128.load(s, 16));
        v128.store(d + 2 * slabBytes, v128.load(s, 32));
        v128.store(d + 3 * slabBytes, v128.load(s, 48));
      }
      dst += 4 * slabBytes;
    }
  }
  for (; i < mc; i += MR) {
    const lanes = min(MR, mc - i);
    const src = a + (<usize>i * rs << 2);
    if (rs == 1) {
      // Transposed A: the MR rows of one k are contiguous.
      const colStep = <usize>cs << 2;
      for (let p = 0; p < kc; p++) v128.store(dst + (<usize>p << 4), loadPartial(src + <usize>p * colStep, lanes));
    } else if (cs == 1) {
      // Row-major A: four rows run along k; transpose 4×4 blocks.
      const rowStep = <usize>rs << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2);
        storeTransposed4x4(dst + (<usize>p << 4), v128.load(s), loadOrZero(s + rowStep, lanes > 1),
          loadOrZero(s + 2 * rowStep, lanes > 2), loadOrZero(s + 3 * rowStep, lanes > 3), 16);
      }
      if (p < kc) packEdge(dst + (<usize>p << 4), src + (<usize>p << 2), rs, cs, kc - p, lanes, MR, true);
    } else {
      packEdge(dst, src, rs, cs, kc, lanes, MR, true);
    }
    dst += slabBytes;
  }
}

/**
 * Packs k [0, kc) × columns [0, nc) of B (element (k, j) at b + 4·(k·rs + j·cs))
 * into NR-column slabs: slab s holds [kc][NR] floats at dst + s·kc·NR·4,
 * columns past nc zero.
 */
export function packB(dst: usize, b: usize, rs: i32, cs: i32, kc: i32, nc: i32): void {
  const slabBytes = <usize>(kc * NR) << 2;
  let j = 0;
  if (cs == 1) {
    // Row-major B, two full slabs per pass: each k's 16 columns are 64
    // contiguous bytes, read in one go (slab by slab, every cache line was
    // fetched twice, at a stride of a whole row).
    const rowStep = <usize>rs << 2;
    for (; j + 2 * NR <= nc; j += 2 * NR) {
      const src = b + (<usize>j << 2);
      for (let p = 0; p < kc; p++) {
        const s = src + <usize>p * rowStep;
        const d = dst + (<usize>p << 5);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        v128.store(d + slabBytes, v128.load(s, 32));
        v128.store(d + slabBytes, v128.load(s, 48), 16);
      }
      dst += 2 * slabBytes;
    }
  }
  for (; j < nc; j += NR) {
    const lanes = min(NR, nc - j);
    const src = b + (<usize>j * cs << 2);
    if (cs == 1) {
      // Row-major B: the NR columns of one k are contiguous.
      const rowStep = <usize>rs << 2;
      const low = min(4, lanes), high = lanes - low;
      for (let p = 0; p < kc; p++) {
        const s = src + <usize>p * rowStep;
        const d = dst + (<usize>p << 5);
        v128.store(d, loadPartial(s, low));
        v128.store(d, loadPartial(s + 16, high), 16);
      }
    } else if (rs == 1) {
      // Transposed B: each column runs along k; transpose two 4×4 blocks per 4 k.
      const colStep = <usize>cs << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2);
        const d = dst + (<usize>p << 5);
        storeTransposed4x4(d, v128.load(s), loadOrZero(s + colStep, lanes > 1),
          loadOrZero(s + 2 * colStep, lanes > 2), loadOrZero(s + 3 * colStep, lanes > 3), 32);
        const s4 = s + 4 * colStep;
        storeTransposed4x4(d + 16, loadOrZero(s4, lanes > 4), loadOrZero(s4 + colStep, lanes > 5),
          loadOrZero(s4 + 2 * colStep, lanes > 6), loadOrZero(s4 + 3 * colStep, lanes > 7), 32);
      }
      if (p < kc) packEdge(dst + (<usize>p << 5), src + (<usize>p << 2), rs, cs, kc - p, lanes, NR, false);
    } else {
      packEdge(dst, src, rs, cs, kc, lanes, NR, false);
    }
    dst += slabBytes;
  }
}
