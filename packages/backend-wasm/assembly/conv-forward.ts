// conv2d forward as an implicit-im2col GEMM per (image, group):
//   out[n, group rows] (Cog × OH·OW) = W_g (Cog × Cg·KH·KW) · im2col(x[n, g])
// Threads take whole (image, group) units, or column chunks of each when
// there are too few units.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { AUX_OPERAND, GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { NR } from './gemm-kernel';
import { OPERAND_IM2COL, im2colOperand } from './gemm-operand';
import { chunkStart, chunksPerUnit, firstItem } from './gemm-partition';

/**
 * out [N, Cout, OH, OW] = conv2d(x [N, C, H, W], w [Cout, C/groups, KH, KW]).
 * `geom` points to a ConvGeometry; thread t uses scratch + t·convScratchBytes.
 */
export function conv2dForward(x: usize, w: usize, out: usize, geom: usize, scratch: usize, threadScratch: i32, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const units = g.n * g.groups;
  const chunks = chunksPerUnit(units, nthreads);
  const items = units * chunks;
  const my = scratch + <usize>tid * <usize>threadScratch;
  const last = firstItem(items, tid + 1, nthreads);
  for (let item = firstItem(items, tid, nthreads); item < last; item++) {
    const unit = item / chunks, chunk = item % chunks;
    const n = unit / g.groups, grp = unit % g.groups;
    const j0 = chunkStart(ohw, chunk, chunks, NR), j1 = chunkStart(ohw, chunk + 1, chunks, NR);
    if (j1 <= j0) continue;
    const image = x + (<usize>(n * g.c + grp * cg) * <usize>(g.h * g.w) << 2);
    const b = im2colOperand(my + AUX_OPERAND, OPERAND_IM2COL, image, geom);
    const c = out + ((<usize>(n * g.cout + grp * cog) * <usize>ohw + <usize>j0) << 2);
    gemmBlock(cog, j1 - j0, kdim, w + (<usize>(grp * cog * kdim) << 2), kdim, 1, b, j0, c, ohw, false, my);
  }
}

/** Per-thread scratch bytes of conv2dForward. */
export function conv2dForwardScratchBytes(): i32 {
  return GEMM_SCRATCH_BYTES;
}
