// One single-threaded GEMM over packed panels (the BLIS loop nest):
//   for each NC-column block of B, for each KC-deep slice: pack B's KC×NC panel
//   (stays in L2/L3); for each MC-row block of A: pack A's MC×KC panel (stays
//   in L2); sweep NR-column micro-panels of B (L1) against MR-row slabs of A.
import { MR, NR, microKernel4x8 } from './gemm-kernel';
import { packA, packB } from './gemm-pack';

/** Rows of A per packed block (MC·KC·4 = 160 KiB of a 1 MiB L2). */
export const MC: i32 = 128;
/**
 * Deepest packed slice (B micro-panel 10 KiB + A micro-slab 5 KiB fit a 32 KiB
 * L1). K is cut into equal slices of at most this depth: 288 runs as one
 * slice rather than 256 + a 32-deep remainder whose C updates would dominate.
 */
export const KC: i32 = 320;
/** Columns of B per packed block (KC·NC·4 = 2.5 MiB, an L3 share). */
export const NC: i32 = 2048;

/** Bytes of scratch one thread needs for `gemmBlock`: A block, B panel, edge tile. */
export const GEMM_SCRATCH_BYTES: i32 = (MC * KC + KC * NC + MR * NR) * 4;

/** Adds (or copies) an mr×nr corner of a full MR×NR tile into C. */
function mergeTile(c: usize, ldcBytes: usize, tile: usize, mr: i32, nr: i32, accumulate: bool): void {
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ldcBytes;
    const t = tile + (<usize>(i * NR) << 2);
    for (let j = 0; j < nr; j++) {
      const off = <usize>j << 2;
      const v = load<f32>(t + off);
      store<f32>(row + off, accumulate ? load<f32>(row + off) + v : v);
    }
  }
}

/**
 * C[m×n] (row stride ldc) = (accumulate ? C : 0) + A·B, where A(i, p) is at
 * a + 4·(i·rsA + p·csA) and B(p, j) at b + 4·(p·rsB + j·csB).
 * `scratch` holds GEMM_SCRATCH_BYTES private to the calling thread.
 */
export function gemmBlock(
  m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, ldc: i32, accumulate: bool, scratch: usize,
): void {
  const ldcBytes = <usize>ldc << 2;
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcBytes, 0, <usize>n << 2);
    return;
  }
  const ap = scratch;
  const bp = ap + (<usize>(MC * KC) << 2);
  const tile = bp + (<usize>(KC * NC) << 2);
  const slices = (k + KC - 1) / KC;
  const kStep = (k + slices - 1) / slices;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kStep) {
      const kc = min(kStep, k - pc);
      const acc = accumulate || pc > 0;
      packB(bp, b + ((<usize>pc * <usize>rsB + <usize>jc * <usize>csB) << 2), rsB, csB, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(ap, a + ((<usize>ic * rsA + <usize>pc * csA) << 2), rsA, csA, mc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bSlab = bp + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const aSlab = ap + (<usize>(ir * kc) << 2);
            const cTile = c + <usize>(ic + ir) * ldcBytes + (<usize>(jc + jr) << 2);
            if (mr == MR && nr == NR) {
              microKernel4x8(kc, aSlab, bSlab, cTile, ldcBytes, acc);
            } else {
              microKernel4x8(kc, aSlab, bSlab, tile, <usize>NR << 2, false);
              mergeTile(cTile, ldcBytes, tile, mr, nr, acc);
            }
          }
        }
      }
    }
  }
}
