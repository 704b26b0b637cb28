// conv2d filter gradient as a GEMM summed over images, per group:
//   dW_g (Cog × Cg·KH·KW) = Σ_n dy[n, g] (Cog × OH·OW) · im2col(x[n, g])ᵀ
// The transposed im2col operand is packed straight from x. Threads own
// disjoint blocks of dW (whole groups, or column/row chunks of one), each
// looping over all images, so no two threads ever add into the same element.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { AUX_OPERAND, GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { MR, NR } from './gemm-kernel';
import { OPERAND_IM2COL_T, im2colOperand } from './gemm-operand';
import { chunkStart, chunksPerUnit, firstItem } from './gemm-partition';

/**
 * dw [Cout, C/groups, KH, KW] = gradient of conv2d w.r.t. its filter, from
 * x [N, C, H, W] and dy [N, Cout, OH, OW].
 */
export function conv2dBackpropFilter(x: usize, dy: usize, dw: usize, geom: usize, scratch: usize, threadScratch: i32, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const chunks = chunksPerUnit(g.groups, nthreads);
  // Chunk along patch columns (each thread then packs only its own B columns) unless they are too few.
  const splitCols = kdim >= NR * chunks;
  const items = g.groups * chunks;
  const my = scratch + <usize>tid * <usize>threadScratch;
  const last = firstItem(items, tid + 1, nthreads);
  for (let item = firstItem(items, tid, nthreads); item < last; item++) {
    const grp = item / chunks, chunk = item % chunks;
    let r0 = 0, r1 = cog, c0 = 0, c1 = kdim;
    if (splitCols) {
      c0 = chunkStart(kdim, chunk, chunks, NR); c1 = chunkStart(kdim, chunk + 1, chunks, NR);
    } else {
      r0 = chunkStart(cog, chunk, chunks, MR); r1 = chunkStart(cog, chunk + 1, chunks, MR);
    }
    if (r1 <= r0 || c1 <= c0) continue;
    const block = dw + ((<usize>(grp * cog + r0) * <usize>kdim + <usize>c0) << 2);
    if (g.n == 0) {
      for (let r = r0; r < r1; r++) memory.fill(block + (<usize>((r - r0) * kdim) << 2), 0, <usize>(c1 - c0) << 2);
      continue;
    }
    for (let n = 0; n < g.n; n++) {
      const image = x + (<usize>(n * g.c + grp * cg) * <usize>(g.h * g.w) << 2);
      const b = im2colOperand(my + AUX_OPERAND, OPERAND_IM2COL_T, image, geom);
      const a = dy + (<usize>(n * g.cout + grp * cog + r0) * <usize>ohw << 2);
      gemmBlock(r1 - r0, c1 - c0, ohw, a, ohw, 1, b, c0, block, kdim, n > 0, my);
    }
  }
}

/** Per-thread scratch bytes of conv2dBackpropFilter. */
export function conv2dBackpropFilterScratchBytes(): i32 {
  return GEMM_SCRATCH_BYTES;
}
