// conv2d forward as a GEMM per (image, group) and band of output rows:
//   out[n, group rows, band] (Cog × rows·OW) = W_g (Cog × Cg·KH·KW) · im2col(x[n, g], band)
// The band's patch matrix is written out densely first (conv-im2col.ts:
// shifted row copies), then packed like any row-major matrix. Threads take
// whole (image, group) units, or chunks of output rows of each when there
// are too few units.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { im2colBand } from './conv-im2col';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { chunkStart, chunksPerUnit, claimItem } from './gemm-partition';

/** Floats of dense patch-matrix band one thread may hold (4 MiB): bounds scratch for large images. */
const BAND_BUDGET: i32 = 1 << 20;

/** Output rows per band so that a band's patch matrix fits the budget (at least 1). */
@inline function bandRows(g: ConvGeometry): i32 {
  return max(1, min(g.oh, BAND_BUDGET / max(1, patchSize(g) * g.ow)));
}

/** Per-thread scratch bytes of conv2dForward for the geometry at `geom`. */
export function conv2dForwardScratchBytes(geom: usize): i32 {
  const g = changetype<ConvGeometry>(geom);
  return GEMM_SCRATCH_BYTES + bandRows(g) * g.ow * patchSize(g) * 4;
}

/**
 * out [N, Cout, OH, OW] = conv2d(x [N, C, H, W], w [Cout, C/groups, KH, KW]).
 * `geom` points to a ConvGeometry; thread t uses scratch + t·threadScratch.
 */
export function conv2dForward(x: usize, w: usize, out: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const band = bandRows(g);
  const units = g.n * g.groups;
  const chunks = chunksPerUnit(units, nthreads);
  const items = units * chunks;
  const my = scratch + <usize>tid * <usize>threadScratch;
  const cols = my + <usize>GEMM_SCRATCH_BYTES;
  for (let item = claimItem(counter); item < items; item = claimItem(counter)) {
    const unit = item / chunks, chunk = item % chunks;
    const n = unit / g.groups, grp = unit % g.groups;
    const row0 = chunkStart(g.oh, chunk, chunks, 1), row1 = chunkStart(g.oh, chunk + 1, chunks, 1);
    const image = x + (<usize>(n * g.c + grp * cg) * <usize>(g.h * g.w) << 2);
    const a = w + (<usize>(grp * cog * kdim) << 2);
    for (let oh0 = row0; oh0 < row1; oh0 += band) {
      const oh1 = min(row1, oh0 + band);
      const k = (oh1 - oh0) * g.ow;
      im2colBand(cols, image, g, 0, kdim, oh0, oh1);
      const c = out + ((<usize>(n * g.cout + grp * cog) * <usize>ohw + <usize>(oh0 * g.ow)) << 2);
      gemmBlock(cog, k, kdim, a, kdim, 1, cols, k, 1, c, ohw, false, my);
    }
  }
}
