// conv2d filter gradient as a GEMM summed over images, per group:
//   dW_g (Cog × Cg·KH·KW) = Σ_n dy[n, g] (Cog × OH·OW) · im2col(x[n, g])ᵀ
// A band of output rows at a time, the needed patch-matrix rows are written
// out densely (conv-im2col.ts) and read transposed by the GEMM's 4×4
// transposing packer: cheaper than gathering the transposed matrix from the
// image element by element. Two ways to share the work between threads:
// - many images and a small dW: the images are cut into a fixed number of
//   contiguous chunks, each summed (in image order) into its own partial
//   gradient; the threads then add the partials up in chunk order;
// - otherwise threads own disjoint blocks of dW (whole groups, or column/row
//   chunks of one), each looping over all images in order.
// Threads claim work dynamically, but which terms go into which sum, and in
// what order, depends only on the geometry and the thread count: the result
// is bit-identical from run to run, however the threads are scheduled.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { im2colBand } from './conv-im2col';
import { GEMM_SCRATCH_BYTES, gemmBlock } from './gemm-block';
import { MR, NR } from './gemm-kernel';
import { awaitTickets, chunkStart, chunksPerUnit, claimItem, claimTicket, completeTicket, firstItem, MAX_TICKETS } from './gemm-partition';

/** Floats of dense patch-matrix band one thread may hold (4 MiB): bounds scratch for large images. */
const BAND_BUDGET: i32 = 1 << 20;

/** Output rows per band so that all patch rows of a band fit the budget (at least 1). */
@inline function bandRows(g: ConvGeometry): i32 {
  return max(1, min(g.oh, BAND_BUDGET / max(1, patchSize(g) * g.ow)));
}

/** Largest dW (floats) that is summed as partial gradients over image chunks (1 MiB each). */
const PARTIAL_BUDGET: i32 = 1 << 18;
/**
 * Image chunks per thread in image-split mode, at most: more chunks balance
 * better (a thread the OS pauses leaves more of them to the others), each
 * costs one more partial to add up at the end and one more in scratch.
 */
const MAX_CHUNKS_PER_THREAD: i32 = 16;
/** Bytes of partial gradients one thread's scratch may hold (large filters get fewer chunks). */
const PARTIALS_BYTES_PER_THREAD: i32 = 4 << 20;

/** Partial-gradient slots in each thread's scratch: 2 to MAX_CHUNKS_PER_THREAD, within PARTIALS_BYTES_PER_THREAD. */
@inline function slotsPerThread(g: ConvGeometry): i32 {
  return min(MAX_CHUNKS_PER_THREAD, max(2, PARTIALS_BYTES_PER_THREAD / max(1, filterSize(g) * 4)));
}

@inline function bandBytes(g: ConvGeometry): usize {
  return <usize>(bandRows(g) * g.ow * patchSize(g)) << 2;
}

@inline function filterSize(g: ConvGeometry): i32 {
  return g.cout * patchSize(g);
}

/** Per-thread scratch bytes of conv2dBackpropFilter for the geometry at `geom`. */
export function conv2dBackpropFilterScratchBytes(geom: usize): i32 {
  const g = changetype<ConvGeometry>(geom);
  const partials = filterSize(g) <= PARTIAL_BUDGET ? slotsPerThread(g) * filterSize(g) * 4 : 0;
  return GEMM_SCRATCH_BYTES + <i32>bandBytes(g) + partials;
}

/** Whether `nthreads` threads split the images (partial gradients added up at the end). */
@inline function splitsImages(g: ConvGeometry, nthreads: i32): bool {
  return nthreads > 1 && g.n >= 2 * nthreads && g.oh * g.ow > 0 && filterSize(g) <= PARTIAL_BUDGET &&
    <i64>imageChunks(g, nthreads) * g.groups <= MAX_TICKETS;
}

/** Image chunks of image-split mode with `nthreads` threads: a fixed partition of the N images. */
@inline function imageChunks(g: ConvGeometry, nthreads: i32): i32 {
  return min(g.n, slotsPerThread(g) * nthreads);
}

/** Where chunk `chunk`'s partial gradient lives: slot chunk % slots of thread area chunk / slots (storage only: any thread may fill it). */
@inline function partialOf(g: ConvGeometry, scratch: usize, threadScratch: i32, chunk: i32): usize {
  const slots = slotsPerThread(g);
  const area = scratch + <usize>(chunk / slots) * <usize>threadScratch;
  return area + <usize>GEMM_SCRATCH_BYTES + bandBytes(g) + (<usize>((chunk % slots) * filterSize(g)) << 2);
}

/**
 * dw = Σ over the `chunks` image chunks' partial gradients, added in chunk
 * order: thread `tid` of `nthreads` does its share of dw's elements (each
 * element's sum is the same whoever does it).
 */
function reducePartials(dw: usize, g: ConvGeometry, scratch: usize, threadScratch: i32, chunks: i32, tid: i32, nthreads: i32): void {
  const size = filterSize(g);
  const first = firstItem(size, tid, nthreads), last = firstItem(size, tid + 1, nthreads);
  const start = <usize>first << 2, bytes = <usize>(last - first) << 2;
  // Chunk by chunk (each partial streamed once): dw = p0, then dw += p1, += p2, ...
  memory.copy(dw + start, partialOf(g, scratch, threadScratch, 0) + start, bytes);
  for (let c = 1; c < chunks; c++) {
    const p = partialOf(g, scratch, threadScratch, c) + start;
    const d = dw + start;
    let off: usize = 0;
    for (; off + 16 <= bytes; off += 16) v128.store(d + off, f32x4.add(v128.load(d + off), v128.load(p + off)));
    for (; off < bytes; off += 4) store<f32>(d + off, load<f32>(d + off) + load<f32>(p + off));
  }
}

/**
 * Image-split mode: threads claim (image chunk, group) tickets; a ticket's
 * partial-gradient block = Σ over the chunk's images, in image order, of
 * that group's gradient (the first term overwrites, so no zeroing pass).
 * Once every ticket is done, each thread adds up its share of dw: in the
 * same job, so no second wake-up of the workers.
 */
function accumulateImages(x: usize, dy: usize, dw: usize, g: ConvGeometry, scratch: usize, threadScratch: i32, cols: usize, my: usize, counter: usize, tid: i32, nthreads: i32): void {
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const band = bandRows(g);
  const chunks = imageChunks(g, nthreads);
  const items = chunks * g.groups;
  for (let item = claimTicket(counter); item < items; item = claimTicket(counter)) {
    const chunk = item / g.groups, grp = item % g.groups;
    const n0 = firstItem(g.n, chunk, chunks), n1 = firstItem(g.n, chunk + 1, chunks);
    const block = partialOf(g, scratch, threadScratch, chunk) + (<usize>(grp * cog * kdim) << 2);
    for (let n = n0; n < n1; n++) {
      const image = x + (<usize>(n * g.c + grp * cg) * <usize>(g.h * g.w) << 2);
      for (let oh0 = 0; oh0 < g.oh; oh0 += band) {
        const oh1 = min(g.oh, oh0 + band);
        const k = (oh1 - oh0) * g.ow;
        im2colBand(cols, image, g, 0, kdim, oh0, oh1);
        const a = dy + ((<usize>(n * g.cout + grp * cog) * <usize>ohw + <usize>(oh0 * g.ow)) << 2);
        gemmBlock(cog, kdim, k, a, ohw, 1, cols, 1, k, block, kdim, n > n0 || oh0 > 0, my);
      }
    }
    completeTicket(counter);
  }
  // Every ticket was claimed by a running thread, so this wait ends.
  awaitTickets(counter, items);
  reducePartials(dw, g, scratch, threadScratch, chunks, tid, nthreads);
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
  if (splitsImages(g, nthreads)) {
    accumulateImages(x, dy, dw, g, scratch, threadScratch, cols, my, counter, tid, nthreads);
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
