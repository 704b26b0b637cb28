// conv2d forward as a GEMM per (image, group) and band of output rows:
//   out[n, group rows, band] (Cog × rows·OW) = W_g (Cog × Cg·KH·KW) · im2col(x[n, g], band)
// The band's patch matrix is written out densely first (conv-im2col.ts:
// shifted row copies), then packed like any row-major matrix. Threads take
// whole (image, group) units, or chunks of output rows of each when there
// are too few units. 1x1 stride-1 convolutions skip the im2col (see
// isPointwise); the inference variant adds bias and ReLU per block.
import { ConvGeometry, groupChannels, groupOutChannels, patchSize } from './conv-geometry';
import { biasActivationRows } from './conv-epilogue';
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
  return GEMM_SCRATCH_BYTES + (isPointwise(g) ? 0 : bandRows(g) * g.ow * patchSize(g) * 4);
}

/**
 * out [N, Cout, OH, OW] = conv2d(x [N, C, H, W], w [Cout, C/groups, KH, KW]).
 * `geom` points to a ConvGeometry; thread t uses scratch + t·threadScratch.
 */
export function conv2dForward(x: usize, w: usize, out: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  convForward(x, w, 0, out, geom, false, scratch, threadScratch, counter, tid, nthreads);
}

/**
 * out = act(conv2d(x, w) + bias[c]) (inference): as conv2dForward, with the
 * bias (`bias` 0: none) and ReLU (`relu` != 0) applied to each output block
 * right after its GEMM.
 */
export function conv2dBiasActivationForward(x: usize, w: usize, bias: usize, out: usize, geom: usize, relu: i32, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  convForward(x, w, bias, out, geom, relu != 0, scratch, threadScratch, counter, tid, nthreads);
}

/**
 * A 1x1 convolution with stride 1 and no padding is a plain GEMM on the
 * image: its patch matrix is the image itself ([C, H·W], row stride H·W),
 * so it needs no im2col copy.
 */
@inline function isPointwise(g: ConvGeometry): bool {
  return g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.pt == 0 && g.pl == 0 && g.oh == g.h && g.ow == g.w;
}

function convForward(x: usize, w: usize, bias: usize, out: usize, geom: usize, relu: bool, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const cg = groupChannels(g), cog = groupOutChannels(g), kdim = patchSize(g);
  const ohw = g.oh * g.ow;
  const pointwise = isPointwise(g);
  const band = pointwise ? g.oh : bandRows(g);
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
    const groupBias = bias != 0 ? bias + (<usize>(grp * cog) << 2) : 0;
    for (let oh0 = row0; oh0 < row1; oh0 += band) {
      const oh1 = min(row1, oh0 + band);
      const k = (oh1 - oh0) * g.ow;
      const c = out + ((<usize>(n * g.cout + grp * cog) * <usize>ohw + <usize>(oh0 * g.ow)) << 2);
      if (pointwise) {
        gemmBlock(cog, k, kdim, a, kdim, 1, image + (<usize>(oh0 * g.ow) << 2), ohw, 1, c, ohw, false, my);
      } else {
        im2colBand(cols, image, g, 0, kdim, oh0, oh1);
        gemmBlock(cog, k, kdim, a, kdim, 1, cols, k, 1, c, ohw, false, my);
      }
      biasActivationRows(c, cog, k, ohw, groupBias, relu);
    }
  }
}
