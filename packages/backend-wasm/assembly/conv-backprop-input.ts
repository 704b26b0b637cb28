// conv2d input gradient (also convTranspose2d's forward) as GEMM + col2im,
// per (image, group), a band of output rows at a time:
//   dcol (Cg·KH·KW × rows·OW) = W_gᵀ · dy[n, g, band]      then dx += col2im(dcol)
// Threads take whole (image, group) units, or input-channel chunks of each
// (disjoint slices of dx) when there are too few units.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { col2imAdd } from './conv-col2im';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { chunkStart, chunksPerUnit, claimItem } from './gemm-partition';

/** Floats of patch-matrix block one thread may hold (4 MiB): bounds scratch for large images. */
const DCOL_BUDGET: i32 = 1 << 20;

/** Output rows per band so that a band's patch block fits the budget (at least 1). */
@inline function bandRows(g: ConvGeometry): i32 {
  const perRow = max(1, patchSize(g) * g.ow);
  return max(1, min(g.oh, DCOL_BUDGET / perRow));
}

/** Per-thread scratch bytes of conv2dBackpropInput for the geometry at `geom`. */
export function conv2dBackpropInputScratchBytes(geom: usize): i32 {
  const g = changetype<ConvGeometry>(geom);
  return GEMM_SCRATCH_BYTES + bandRows(g) * g.ow * patchSize(g) * 4;
}

/**
 * dx [N, C, H, W] = gradient of conv2d w.r.t. its input, from
 * dy [N, Cout, OH, OW] and w [Cout, C/groups, KH, KW].
 */
export function conv2dBackpropInput(dy: usize, w: usize, dx: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const kk = g.kh * g.kw;
  const ohw = g.oh * g.ow;
  const plane = g.h * g.w;
  const band = bandRows(g);
  const units = g.n * g.groups;
  const chunks = chunksPerUnit(units, nthreads);
  const items = units * chunks;
  const my = scratch + <usize>tid * <usize>threadScratch;
  const dcol = my + <usize>GEMM_SCRATCH_BYTES;
  for (let item = claimItem(counter); item < items; item = claimItem(counter)) {
    const unit = item / chunks, chunk = item % chunks;
    const n = unit / g.groups, grp = unit % g.groups;
    const c0 = chunkStart(cg, chunk, chunks, 1), c1 = chunkStart(cg, chunk + 1, chunks, 1);
    if (c1 <= c0) continue;
    const image = dx + (<usize>(n * g.c + grp * cg + c0) * <usize>plane << 2);
    memory.fill(image, 0, <usize>((c1 - c0) * plane) << 2);
    const rows = (c1 - c0) * kk;
    // Wᵀ rows for channels [c0, c1) of this group: A(i, p) = w[grp·cog + p][c0·kk + i].
    const a = w + ((<usize>(grp * cog) * <usize>kdim + <usize>(c0 * kk)) << 2);
    for (let oh0 = 0; oh0 < g.oh; oh0 += band) {
      const oh1 = min(g.oh, oh0 + band);
      const cols = (oh1 - oh0) * g.ow;
      const src = dy + ((<usize>(n * g.cout + grp * cog) * <usize>ohw + <usize>(oh0 * g.ow)) << 2);
      gemmBlock(rows, cols, cog, a, 1, kdim, src, ohw, 1, dcol, cols, false, my);
      col2imAdd(image, dcol, g, c1 - c0, oh0, oh1);
    }
  }
}
