// Direct depthwise conv2d forward (groups == C: output channel oc = c·M + m
// reads only input channel c, M = Cout / C). No im2col and no GEMM: each
// input plane is copied once into a zero-bordered scratch plane, then each
// of its M output planes is a vectorized correlation with one KH×KW filter
// (16 output columns in registers across all taps). Threads claim whole
// input planes: every output is written by one thread, its taps summed in a
// fixed order, so results do not depend on scheduling.
import { ConvGeometry } from './conv-geometry';
import { correlate, depthwiseScratchBytes, placeXPlane, xPlaneStride } from './conv-depthwise-plane';
import { claimItem } from './gemm-partition';

/**
 * out [N, Cout, OH, OW] = conv2d(x [N, C, H, W], w [Cout, 1, KH, KW]) with
 * groups == C. Thread t uses depthwiseScratchBytes at scratch + t·threadScratch;
 * threads claim input planes from the int32 at `counter` (zero on entry).
 */
export function depthwiseConv2dForward(x: usize, w: usize, out: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const mult = g.cout / g.c, kk = g.kh * g.kw;
  const stride = xPlaneStride(g);
  const plane = scratch + <usize>tid * <usize>threadScratch;
  const inPlane = <usize>(g.h * g.w) << 2, outPlane = <usize>(g.oh * g.ow) << 2;
  for (let item = claimItem(counter); item < g.n * g.c; item = claimItem(counter)) {
    placeXPlane(plane, g, x + <usize>item * inPlane);
    for (let m = 0; m < mult; m++) {
      const oc = item * mult + m; // (n·C + c)·M + m = n·Cout + c·M + m
      correlate(plane, stride, w + (<usize>((oc % g.cout) * kk) << 2), 4, g.kh, g.kw, g.dh, g.dw,
        out + <usize>oc * outPlane, g.oh, g.ow, g.sh, g.sw, false, 1, 0);
    }
  }
}

export { depthwiseScratchBytes };
