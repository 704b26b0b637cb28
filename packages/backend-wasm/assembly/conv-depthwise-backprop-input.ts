// Direct depthwise conv2d input gradient (groups == C):
//   dx[n, c, ih, iw] = Σ_m Σ_{kh, kw} dy[n, c·M + m, oh, ow] · w[c·M + m, kh, kw]
// over the taps with ih = oh·sh + kh·dh - pt and iw = ow·sw + kw·dw - pl.
// Each dy plane is spread by the stride (zeros between its cells) into a
// zero-bordered scratch plane, and dx is gathered from it as a stride-1
// correlation with the flipped filter (skipping the all-zero rows the row
// stride leaves): every dx cell is written by one thread,
// its terms summed in a fixed (m, kh, kw) order, so results do not depend on
// scheduling. Threads claim whole input planes.
import { ConvGeometry } from './conv-geometry';
import { correlate, dyPlaneCols, dyPlaneRows, placePlane } from './conv-depthwise-plane';
import { claimItem } from './gemm-partition';

/**
 * dx [N, C, H, W] = gradient of a depthwise conv2d (groups == C) w.r.t. its
 * input, from dy [N, Cout, OH, OW] and w [Cout, 1, KH, KW]. Scratch and
 * counter as in depthwiseConv2dForward.
 */
export function depthwiseConv2dBackpropInput(dy: usize, w: usize, dx: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const mult = g.cout / g.c, kk = g.kh * g.kw;
  const rows = dyPlaneRows(g), cols = dyPlaneCols(g);
  const plane = scratch + <usize>tid * <usize>threadScratch;
  // dy cell (oh, ow) sits at (oh·sh + (KH-1)·dh, ow·sw + (KW-1)·dw); dx (ih, iw) reads from (ih + pt, iw + pl).
  const origin = plane + (<usize>(g.pt * cols + g.pl) << 2);
  const inPlane = <usize>(g.h * g.w) << 2, outPlane = <usize>(g.oh * g.ow) << 2;
  // dy rows sit at plane rows (KH-1)·dh + oh·sh; the rows between are zero and skipped:
  // dx row ih, filter row u reads plane row pt + ih + u·dh, holding data when (ih + u·dh + phase) % sh == 0.
  const phase = (((g.pt - (g.kh - 1) * g.dh) % g.sh) + g.sh) % g.sh;
  for (let item = claimItem(counter); item < g.n * g.c; item = claimItem(counter)) {
    const dst = dx + <usize>item * inPlane;
    if (mult == 0 || g.oh * g.ow == 0) memory.fill(dst, 0, inPlane);
    for (let m = 0; m < mult; m++) {
      const oc = item * mult + m;
      placePlane(plane, rows, cols, dy + <usize>oc * outPlane, g.oh, g.ow, g.sh, g.sw, (g.kh - 1) * g.dh, (g.kw - 1) * g.dw);
      // The flipped filter: taps from the last backwards.
      const last = w + (<usize>((oc % g.cout) * kk + kk - 1) << 2);
      correlate(origin, cols, last, -4, g.kh, g.kw, g.dh, g.dw, dst, g.h, g.w, 1, 1, m > 0, g.sh, phase);
    }
  }
}
