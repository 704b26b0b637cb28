// One single-threaded GEMM over packed panels (the BLIS loop nest):
//   for each NC-column block of B, for each KC-deep slice: pack B's KC×NC panel
//   (stays in L2/L3); for each MC-row block of A: pack A's MC×KC panel (stays
//   in L2); sweep NR-column micro-panels of B (L1) against MR-row slabs of A.
import { MR, NR } from './gemm-kernel';
import { packA, packB } from './gemm-pack';
import { sweepPanels } from './gemm-sweep';

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

/**
 * Depth of the K slices a product is cut into: equal slices of at most KC
 * (see KC for why equal).
 */
@inline export function kSliceDepth(k: i32): i32 {
  const slices = (k + KC - 1) / KC;
  return (k + slices - 1) / slices;
}

/** Bytes of scratch one thread needs for `gemmBlock`: A block, B panel, edge tile. */
export const GEMM_SCRATCH_BYTES: i32 = (MC * KC + KC * NC + MR * NR) * 4;

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
  const kStep = kSliceDepth(k);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kStep) {
      const kc = min(kStep, k - pc);
      const acc = accumulate || pc > 0;
      packB(bp, b + ((<usize>pc * <usize>rsB + <usize>jc * <usize>csB) << 2), rsB, csB, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(ap, a + ((<usize>ic * rsA + <usize>pc * csA) << 2), rsA, csA, mc, kc);
        sweepPanels(mc, nc, kc, ap, bp, <usize>(kc * NR) << 2,
          c + <usize>ic * ldcBytes + (<usize>jc << 2), ldcBytes, acc, tile);
      }
    }
  }
}
