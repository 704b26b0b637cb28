// Direct depthwise conv2d filter gradient (groups == C):
//   dw[oc, kh, kw] = Σ_n Σ_{oh, ow} dy[n, oc, oh, ow] · x[n, oc / M, oh·sh + kh·dh - pt, ow·sw + kw·dw - pl]
// Threads claim input channels (or single filters) and sum each filter over
// the images in order: each filter cell is summed by one thread in a fixed order, so the
// result does not depend on scheduling (and no partial gradients need adding
// up). Per image the x plane is bordered and the dy plane padded to whole
// vectors in scratch, so every tap is a check-free vector dot product.
import { ConvGeometry } from './conv-geometry';
import { laneSum, loadCols, placePlane, placeXPlane, round4, storedColumn, xPlaneRows, xPlaneStride } from './conv-depthwise-plane';
import { madd } from './gemm-kernel';
import { claimItem } from './gemm-partition';

/**
 * Σ_{oh, c < cols} d[oh, c] · p[oh·sh + rowOff, c·sw + colOff] (both planes
 * bordered: no checks), with colOff the stored column and sw the step of the
 * loads (1 in a deinterleaved plane).
 */
@inline function tapDot(p: usize, pc: i32, d: usize, rows: i32, cols: i32, sh: i32, sw: i32, rowOff: i32, colOff: i32): f32 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const prow = p + (<usize>((r * sh + rowOff) * pc) << 2);
    const drow = d + (<usize>(r * cols) << 2);
    let c = 0;
    for (; c + 8 <= cols; c += 8) {
      a0 = madd(v128.load(drow + (<usize>c << 2)), loadCols(prow, c * sw + colOff, sw), a0);
      a1 = madd(v128.load(drow + (<usize>c << 2), 16), loadCols(prow, (c + 4) * sw + colOff, sw), a1);
    }
    if (c < cols) a0 = madd(v128.load(drow + (<usize>c << 2)), loadCols(prow, c * sw + colOff, sw), a0);
  }
  return laneSum(f32x4.add(a0, a1));
}

/**
 * tapDot for three horizontally adjacent taps (stored columns c0, c1, c2)
 * at once: each dy vector is loaded once for all three, and six independent
 * accumulators (two vectors × three taps) keep the FMA units busy.
 */
@inline function tapDot3(p: usize, pc: i32, d: usize, rows: i32, cols: i32, sh: i32, sw: i32, rowOff: i32, c0: i32, c1: i32, c2: i32): v128 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const prow = p + (<usize>((r * sh + rowOff) * pc) << 2);
    const drow = d + (<usize>(r * cols) << 2);
    let c = 0;
    for (; c + 8 <= cols; c += 8) {
      const y0 = v128.load(drow + (<usize>c << 2)), y1 = v128.load(drow + (<usize>c << 2), 16);
      const x0 = c * sw, x1 = x0 + 4 * sw;
      a0 = madd(y0, loadCols(prow, x0 + c0, sw), a0);
      a1 = madd(y0, loadCols(prow, x0 + c1, sw), a1);
      a2 = madd(y0, loadCols(prow, x0 + c2, sw), a2);
      b0 = madd(y1, loadCols(prow, x1 + c0, sw), b0);
      b1 = madd(y1, loadCols(prow, x1 + c1, sw), b1);
      b2 = madd(y1, loadCols(prow, x1 + c2, sw), b2);
    }
    if (c < cols) {
      const y0 = v128.load(drow + (<usize>c << 2));
      const x0 = c * sw;
      a0 = madd(y0, loadCols(prow, x0 + c0, sw), a0);
      a1 = madd(y0, loadCols(prow, x0 + c1, sw), a1);
      a2 = madd(y0, loadCols(prow, x0 + c2, sw), a2);
    }
  }
  // Lane l of the result is tap l's sum (lane 3 unused).
  return f32x4(laneSum(f32x4.add(a0, b0)), laneSum(f32x4.add(a1, b1)), laneSum(f32x4.add(a2, b2)), 0);
}

/** filt[tap] (=, or += unless `first`) s. */
@inline function addTap(t: usize, s: f32, first: bool): void {
  store<f32>(t, first ? s : load<f32>(t) + s);
}

/**
 * Every tap of one filter += its dot over one image, three taps of a row at
 * a time. `sw` (the load step) and `half` (0, or the half-row width of a
 * deinterleaved plane) are fixed at the call site.
 */
@inline function addImage(p: usize, pc: i32, d: usize, g: ConvGeometry, filt: usize, first: bool, sw: i32, half: i32): void {
  const cols = round4(g.ow);
  for (let u = 0; u < g.kh; u++) {
    const rowOff = u * g.dh;
    const taps = filt + (<usize>(u * g.kw) << 2);
    let v = 0;
    for (; v + 3 <= g.kw; v += 3) {
      const c0 = storedColumn(v * g.dw, half), c1 = storedColumn((v + 1) * g.dw, half), c2 = storedColumn((v + 2) * g.dw, half);
      const s = tapDot3(p, pc, d, g.oh, cols, g.sh, sw, rowOff, c0, c1, c2);
      const t = taps + (<usize>v << 2);
      addTap(t, f32x4.extract_lane(s, 0), first);
      addTap(t + 4, f32x4.extract_lane(s, 1), first);
      addTap(t + 8, f32x4.extract_lane(s, 2), first);
    }
    for (; v < g.kw; v++) addTap(taps + (<usize>v << 2), tapDot(p, pc, d, g.oh, cols, g.sh, sw, rowOff, storedColumn(v * g.dw, half)), first);
  }
}

/**
 * dw [Cout, 1, KH, KW] = gradient of a depthwise conv2d (groups == C) w.r.t.
 * its filter, from x [N, C, H, W] and dy [N, Cout, OH, OW]. Scratch and
 * counter as in depthwiseConv2dForward; threads claim input channels (or
 * single filters when there are few channels).
 */
export function depthwiseConv2dBackpropFilter(x: usize, dy: usize, dw: usize, geom: usize, scratch: usize, threadScratch: i32, counter: usize, tid: i32, nthreads: i32): void {
  const g = changetype<ConvGeometry>(geom);
  const mult = g.cout / g.c, kk = g.kh * g.kw;
  const pc = xPlaneStride(g);
  const plane = scratch + <usize>tid * <usize>threadScratch;
  const padded = plane + (<usize>round4(xPlaneRows(g) * pc) << 2);
  const inPlane = <usize>(g.h * g.w) << 2, outPlane = <usize>(g.oh * g.ow) << 2;
  // An item is one input channel's M filters (its x plane placed once per image), or
  // with few channels (LeNet's one) a single filter, so that every thread gets work.
  const perItem = g.c >= 4 * nthreads ? mult : 1;
  const items = g.cout / perItem;
  for (let item = claimItem(counter); item < items; item = claimItem(counter)) {
    const oc0 = item * perItem, c = oc0 / mult;
    const filters = dw + (<usize>(oc0 * kk) << 2);
    if (g.n == 0 || g.oh * g.ow == 0) memory.fill(filters, 0, <usize>(perItem * kk) << 2);
    for (let n = 0; n < g.n; n++) {
      placeXPlane(plane, g, x + <usize>(n * g.c + c) * inPlane);
      for (let m = 0; m < perItem; m++) {
        const oc = oc0 + m;
        placePlane(padded, g.oh, round4(g.ow), dy + <usize>(n * g.cout + oc) * outPlane, g.oh, g.ow, 1, 1, 0, 0);
        const filt = filters + (<usize>(m * kk) << 2);
        if (g.sw == 1) addImage(plane, pc, padded, g, filt, n == 0, 1, 0);
        else if (g.sw == 2) addImage(plane, pc, padded, g, filt, n == 0, 1, pc >> 1);
        else addImage(plane, pc, padded, g, filt, n == 0, g.sw, 0);
      }
    }
  }
}
