// conv2d filter gradient as a GEMM summed over images, per group:
//   dW_g (Cog × Cg·KH·KW) = Σ_n dy[n, g] (Cog × OH·OW) · im2col(x[n, g])ᵀ
// A band of output rows at a time, the needed patch-matrix rows are written
// out densely (conv-im2col.ts) and read transposed by the GEMM's 4×4
// transposing packer: cheaper than gathering the transposed matrix from the
// image element by element. Threads own disjoint blocks of dW (whole groups,
// or column/row chunks of one), each looping over all images, so no two
// threads ever add into the same element.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { im2colBand } from './conv-im2col';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { MR, NR } from './gemm-kernel';
import { chunkStart, chunksPerUnit, claimItem } from './gemm-partition';

/** Floats of dense patch-matrix band one thread may hold (4 MiB): bounds scratch for large images. */
const BAND_BUDGET: i32 = 1 << 20;

/** Output rows per band so that all patch rows of a band fit the budget (at least 1). */
@inline function bandRows(g: ConvGeometry): i32 {
  return max(1, min(g.oh, BAND_BUDGET / max(1, patchSize(g) * g.ow)));
}

/** Per-thread scratch bytes of conv2dBackpropFilter for the geometry at `geom`. */
export function conv2dBackpropFilterScratchBytes(geom: usize): i32 {
  const g = changetype<ConvGeometry>(geom);
  return GEMM_SCRATCH_BYTES + bandRows(g) * g.ow * patchSize(g) * 4;
}

/**
 * dw [Cout, C/groups, KH, KW] = gradient of conv2d w.r.t. its filter, from
 * x [N, C, H, W] and dy [N, Cout, OH, OW].
 */
export function conv2dBackpropFilter(x: usize, dy: usize, dw: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const band = bandRows(g);
  const chunks = chunksPerUnit(g.groups, nthreads);
  // Chunk along patch columns (each thread then builds only its own patch rows) unless they are too few.
  const splitCols = kdim >= NR * chunks;
  const items = g.groups * chunks;
  const my = scratch + <usize>tid * <usize>threadScratch;
  const cols = my + <usize>GEMM_SCRATCH_BYTES;
  for (let item = claimItem(counter); item < items; item = claimItem(counter)) {
    const grp = item / chunks, chunk = item % chunks;
    let r0 = 0, r1 = cog, c0 = 0, c1 = kdim;
    if (splitCols) {
      c0 = chunkStart(kdim, chunk, chunks, NR); c1 = chunkStart(kdim, chunk + 1, chunks, NR);
    } else {
      r0 = chunkStart(cog, chunk, chunks, MR); r1 = chunkStart(cog, chunk + 1, chunks, MR);
    }
    if (r1 <= r0 || c1 <= c0) continue;
    const block = dw + ((<usize>(grp * cog + r0) * <usize>kdim + <usize>c0) << 2);
    if (g.n == 0 || ohw == 0) {
      for (let r = r0; r < r1; r++) memory.fill(block + (<usize>((r - r0) * kdim) << 2), 0, <usize>(c1 - c0) << 2);
      continue;
    }
    for (let n = 0; n < g.n; n++) {
      const image = x + (<usize>(n * g.c + grp * cg) * <usize>(g.h * g.w) << 2);
      for (let oh0 = 0; oh0 < g.oh; oh0 += band) {
        const oh1 = min(g.oh, oh0 + band);
        const k = (oh1 - oh0) * g.ow;
        im2colBand(cols, image, g, c0, c1, oh0, oh1);
        // B(p, j) = cols[j][p]: the band read transposed.
        const a = dy + ((<usize>(n * g.cout + grp * cog + r0) * <usize>ohw + <usize>(oh0 * g.ow)) << 2);
        gemmBlock(r1 - r0, c1 - c0, k, a, ohw, 1, cols, 1, k, block, kdim, n > 0 || oh0 > 0, my);
      }
    }
  }
}
