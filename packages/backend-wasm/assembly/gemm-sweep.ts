// The inner two loops of the GEMM loop nest, shared by the per-thread
// (gemm-block) and the shared-panel (gemm-shared) drivers: one packed A
// block against a run of packed B slabs, micro-tile by micro-tile.
import { MR, NR, microKernel4x8 } from './gemm-kernel';

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
 * C[mc×nc] (row stride ldcBytes) = (accumulate ? C : 0) + Ap·Bp over kc.
 * Ap holds MR-row slabs of [kc][MR] floats back to back; B slab s (NR
 * columns, [kc][NR] floats) starts at bp + s·bSlabBytes, so B may be a
 * k-range of deeper slabs. `tile` is MR·NR floats of scratch for ragged
 * edges. Each B slab stays in L1 while the A block streams from L2.
 */
export function sweepPanels(
  mc: i32, nc: i32, kc: i32,
  ap: usize, bp: usize, bSlabBytes: usize,
  c: usize, ldcBytes: usize, accumulate: bool, tile: usize,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const bSlab = bp + <usize>(jr / NR) * bSlabBytes;
    const cCol = c + (<usize>jr << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const aSlab = ap + (<usize>(ir * kc) << 2);
      const cTile = cCol + <usize>ir * ldcBytes;
      if (mr == MR && nr == NR) {
        microKernel4x8(kc, aSlab, bSlab, cTile, ldcBytes, accumulate);
      } else {
        microKernel4x8(kc, aSlab, bSlab, tile, <usize>NR << 2, false);
        mergeTile(cTile, ldcBytes, tile, mr, nr, accumulate);
      }
    }
  }
}
