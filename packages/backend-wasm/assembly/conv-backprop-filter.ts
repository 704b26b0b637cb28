// conv2d filter gradient as a GEMM summed over images, per group:
//   dW_g (Cog × Cg·KH·KW) = Σ_n dy[n, g] (Cog × OH·OW) · im2col(x[n, g])ᵀ
// A band of output rows at a time, the needed patch-matrix rows are written
// out densely (conv-im2col.ts) and read transposed by the GEMM's 4×4
// transposing packer: cheaper than gathering the transposed matrix from the
// image element by element. Two ways to share the work between threads:
// - many images and a small dW: threads claim images and sum into private
//   partial gradients, which conv2dBackpropFilterReduce adds up afterwards;
// - otherwise threads own disjoint blocks of dW (whole groups, or column/row
//   chunks of one), each looping over all images.
// Either way no two threads ever add into the same element.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { im2colBand } from './conv-im2col';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { MR, NR } from './gemm-kernel';
import { chunkStart, chunksPerUnit, claimItem, firstItem } from './gemm-partition';

/** Floats of dense patch-matrix band one thread may hold (4 MiB): bounds scratch for large images. */
const BAND_BUDGET: i32 = 1 << 20;

/** Output rows per band so that all patch rows of a band fit the budget (at least 1). */
@inline function bandRows(g: ConvGeometry): i32 {
  return max(1, min(g.oh, BAND_BUDGET / max(1, patchSize(g) * g.ow)));
}

/** Largest dW (floats) that threads keep private partial copies of (1 MiB each). */
const PARTIAL_BUDGET: i32 = 1 << 18;

@inline function bandBytes(g: ConvGeometry): usize {
  return <usize>(bandRows(g) * g.ow * patchSize(g)) << 2;
}

@inline function filterSize(g: ConvGeometry): i32 {
  return g.cout * patchSize(g);
}

/** Per-thread scratch bytes of conv2dBackpropFilter for the geometry at `geom`. */
export function conv2dBackpropFilterScratchBytes(geom: usize): i32 {
  const g = changetype<ConvGeometry>(geom);
  const partial = filterSize(g) <= PARTIAL_BUDGET ? filterSize(g) * 4 : 0;
  return GEMM_SCRATCH_BYTES + <i32>bandBytes(g) + partial;
}

/** 1 when `nthreads` threads split the images (private partial gradients to reduce afterwards), else 0. */
export function conv2dBackpropFilterSplitsImages(geom: usize, nthreads: i32): i32 {
  const g = changetype<ConvGeometry>(geom);
  return nthreads > 1 && g.n >= 2 * nthreads && filterSize(g) <= PARTIAL_BUDGET ? 1 : 0;
}

/** dw = Σ over the first `used` threads' partial gradients (after an image-split conv2dBackpropFilter). */
export function conv2dBackpropFilterReduce(dw: usize, geom: usize, scratch: usize, threadScratch: i32, used: i32, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const size = filterSize(g);
  const partials = scratch + <usize>GEMM_SCRATCH_BYTES + bandBytes(g);
  const stride = <usize>threadScratch;
  const last = firstItem(size, tid + 1, nthreads);
  let i = firstItem(size, tid, nthreads);
  for (; i + 4 <= last; i += 4) {
    const off = <usize>i << 2;
    let s = v128.load(partials + off);
    for (let t = 1; t < used; t++) s = f32x4.add(s, v128.load(partials + <usize>t * stride + off));
    v128.store(dw + off, s);
  }
  for (; i < last; i++) {
    const off = <usize>i << 2;
    let s = load<f32>(partials + off);
    for (let t = 1; t < used; t++) s += load<f32>(partials + <usize>t * stride + off);
    store<f32>(dw + off, s);
  }
}

/** Image-split mode: this thread's partial dW += the gradients of the images it claims. */
function accumulateImages(x: usize, dy: usize, g: ConvGeometry, partial: usize, cols: usize, my: usize, counter: usize): void {
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const band = bandRows(g);
  memory.fill(partial, 0, <usize>filterSize(g) << 2);
  const items = g.n * g.groups;
  for (let item = claimItem(counter); item < items; item = claimItem(counter)) {
    const n = item / g.groups, grp = item % g.groups;
    const image = x + (<usize>(n * g.c + grp * cg) * <usize>(g.h * g.w) << 2);
    for (let oh0 = 0; oh0 < g.oh; oh0 += band) {
      const oh1 = min(g.oh, oh0 + band);
      const k = (oh1 - oh0) * g.ow;
      im2colBand(cols, image, g, 0, kdim, oh0, oh1);
      const a = dy + ((<usize>(n * g.cout + grp * cog) * <usize>ohw + <usize>(oh0 * g.ow)) << 2);
      gemmBlock(cog, kdim, k, a, ohw, 1, cols, 1, k, partial + (<usize>(grp * cog * kdim) << 2), kdim, true, my);
    }
  }
}

/**
 * dw [Cout, C/groups, KH, KW] = gradient of conv2d w.r.t. its filter, from
 * x [N, C, H, W] and dy [N, Cout, OH, OW]. When conv2dBackpropFilterSplitsImages
 * says so, dw is left untouched and conv2dBackpropFilterReduce finishes the job.
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
  if (conv2dBackpropFilterSplitsImages(geom, nthreads)) {
    accumulateImages(x, dy, g, cols + bandBytes(g), cols, my, counter);
    return;
  }
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
