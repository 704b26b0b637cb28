// Max and average pooling over NCHW planes, forward and backward. Forward
// kernels split output rows between threads; backward kernels scatter into
// the input gradient, so they split whole planes (disjoint outputs). Windows
// are clipped to the image (padding never wins a max and is excluded from
// averages unless countIncludePad); a window always holds a real cell since
// padding is at most half the kernel. Windows wholly inside the image with
// column stride 1 or 2 go four at a time (pool-vector.ts); the rest one by
// one. The geometry is read into locals once: fields read from memory would
// be re-read after every store.
import { PoolGeometry, beats } from './pool-geometry';
import { addAt, addLanes, spreadFour, windowArgmax4, windowMax4, windowSum4 } from './pool-vector';
import { firstItem } from './gemm-partition';

/** First maximum of the window rows [h0, h1) × columns [w0, w1) of `plane` (width w): its flat index. */
@inline function argmaxWindow(plane: usize, w: i32, h0: i32, h1: i32, w0: i32, w1: i32): i32 {
  let best = h0 * w + w0;
  let m = load<f32>(plane + (<usize>best << 2));
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const idx = ih * w + iw;
      const v = load<f32>(plane + (<usize>idx << 2));
      if (beats(v, m)) { m = v; best = idx; }
    }
  }
  return best;
}

/** Sum of the window rows [h0, h1) × columns [w0, w1). */
@inline function sumWindow(plane: usize, w: i32, h0: i32, h1: i32, w0: i32, w1: i32): f32 {
  let s: f32 = 0;
  for (let ih = h0; ih < h1; ih++) {
    const row = plane + (<usize>(ih * w) << 2);
    for (let iw = w0; iw < w1; iw++) s += load<f32>(row + (<usize>iw << 2));
  }
  return s;
}

/** First output column whose window starts inside the image (j·sw ≥ pl). */
@inline function firstInterior(pl: i32, sw: i32): i32 {
  return (pl + sw - 1) / sw;
}

/** One past the last output column whose window ends inside the image (j·sw - pl + kw ≤ w). */
@inline function endInterior(w: i32, pl: i32, kw: i32, sw: i32, ow: i32): i32 {
  const span = w + pl - kw;
  return span < 0 ? 0 : min(ow, span / sw + 1);
}

/** out[p, oh, ow] = max of x's window. */
export function maxPool2d(x: usize, out: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const h = g.h, w = g.w, oh = g.oh, ow = g.ow, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, pt = g.pt, pl = g.pl;
  const vectorCols = sw <= 2;
  const lo = firstInterior(pl, sw), hi = endInterior(w, pl, kw, sw, ow);
  const rows = g.planes * oh;
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const plane = x + (<usize>(r / oh) * <usize>(h * w) << 2);
    const ih0 = (r % oh) * sh - pt;
    const h0 = max(0, ih0), h1 = min(h, ih0 + kh);
    const dst = out + (<usize>(r * ow) << 2);
    let j = 0;
    if (vectorCols && h0 == ih0 && h1 == ih0 + kh) {
      for (; j < lo; j++) {
        const iw0 = j * sw - pl;
        const at = argmaxWindow(plane, w, h0, h1, max(0, iw0), min(w, iw0 + kw));
        store<f32>(dst + (<usize>j << 2), load<f32>(plane + (<usize>at << 2)));
      }
      for (; j + 4 <= hi; j += 4) v128.store(dst + (<usize>j << 2), windowMax4(plane, w, ih0, j * sw - pl, kh, kw, sw));
      // Ragged end: redo the last four interior windows (rewriting a few outputs is harmless).
      if (j < hi && hi - 4 >= lo) {
        v128.store(dst + (<usize>(hi - 4) << 2), windowMax4(plane, w, ih0, (hi - 4) * sw - pl, kh, kw, sw));
        j = hi;
      }
    }
    for (; j < ow; j++) {
      const iw0 = j * sw - pl;
      const at = argmaxWindow(plane, w, h0, h1, max(0, iw0), min(w, iw0 + kw));
      store<f32>(dst + (<usize>j << 2), load<f32>(plane + (<usize>at << 2)));
    }
  }
}

/** dx = 0, then dy of each window added at the window's first maximum of x. */
export function maxPool2dBackward(dy: usize, x: usize, dx: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const h = g.h, w = g.w, oh = g.oh, ow = g.ow, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, pt = g.pt, pl = g.pl;
  const vectorCols = sw <= 2;
  const lo = firstInterior(pl, sw), hi = endInterior(w, pl, kw, sw, ow);
  const planeBytes = <usize>(h * w) << 2;
  const last = firstItem(g.planes, tid + 1, nthreads);
  for (let p = firstItem(g.planes, tid, nthreads); p < last; p++) {
    const plane = x + <usize>p * planeBytes;
    const grad = dx + <usize>p * planeBytes;
    memory.fill(grad, 0, planeBytes);
    const src = dy + (<usize>(p * oh * ow) << 2);
    for (let i = 0; i < oh; i++) {
      const ih0 = i * sh - pt;
      const h0 = max(0, ih0), h1 = min(h, ih0 + kh);
      const row = src + (<usize>(i * ow) << 2);
      let j = 0;
      if (vectorCols && h0 == ih0 && h1 == ih0 + kh) {
        for (; j < lo; j++) addAt(grad, argmaxWindow(plane, w, h0, h1, max(0, j * sw - pl), min(w, j * sw - pl + kw)), load<f32>(row + (<usize>j << 2)));
        for (; j + 4 <= hi; j += 4) addLanes(grad, windowArgmax4(plane, w, ih0, j * sw - pl, kh, kw, sw), row + (<usize>j << 2), 0);
        // Ragged end: the last four interior windows, adding only the lanes not done yet.
        if (j < hi && hi - 4 >= lo) {
          const t = hi - 4;
          addLanes(grad, windowArgmax4(plane, w, ih0, t * sw - pl, kh, kw, sw), row + (<usize>t << 2), j - t);
          j = hi;
        }
      }
      for (; j < ow; j++) addAt(grad, argmaxWindow(plane, w, h0, h1, max(0, j * sw - pl), min(w, j * sw - pl + kw)), load<f32>(row + (<usize>j << 2)));
    }
  }
}

/** out[p, oh, ow] = sum of x's window / divisor (full window, or its cells inside the image). */
export function avgPool2d(x: usize, out: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const h = g.h, w = g.w, oh = g.oh, ow = g.ow, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, pt = g.pt, pl = g.pl;
  const full = g.countIncludePad != 0;
  const vectorCols = sw <= 2;
  const lo = firstInterior(pl, sw), hi = endInterior(w, pl, kw, sw, ow);
  const rows = g.planes * oh;
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const plane = x + (<usize>(r / oh) * <usize>(h * w) << 2);
    const ih0 = (r % oh) * sh - pt;
    const h0 = max(0, ih0), h1 = min(h, ih0 + kh);
    const dst = out + (<usize>(r * ow) << 2);
    let j = 0;
    if (vectorCols && h0 == ih0 && h1 == ih0 + kh) {
      // Interior windows hold the full kernel, so both divisors agree there.
      const inv = f32x4.splat(1 / <f32>(kh * kw));
      for (; j < lo; j++) store<f32>(dst + (<usize>j << 2), avgAt(plane, w, h0, h1, j * sw - pl, kw, kh, full));
      for (; j + 4 <= hi; j += 4) v128.store(dst + (<usize>j << 2), f32x4.mul(windowSum4(plane, w, ih0, j * sw - pl, kh, kw, sw), inv));
      // Ragged end: redo the last four interior windows (rewriting a few outputs is harmless).
      if (j < hi && hi - 4 >= lo) {
        v128.store(dst + (<usize>(hi - 4) << 2), f32x4.mul(windowSum4(plane, w, ih0, (hi - 4) * sw - pl, kh, kw, sw), inv));
        j = hi;
      }
    }
    for (; j < ow; j++) store<f32>(dst + (<usize>j << 2), avgAt(plane, w, h0, h1, j * sw - pl, kw, kh, full));
  }
}

/** Average of one window starting at column iw0, clipped to the image. */
@inline function avgAt(plane: usize, w: i32, h0: i32, h1: i32, iw0: i32, kw: i32, kh: i32, full: bool): f32 {
  const w0 = max(0, iw0), w1 = min(w, iw0 + kw);
  return sumWindow(plane, w, h0, h1, w0, w1) / <f32>(full ? kh * kw : (h1 - h0) * (w1 - w0));
}

/** dx = 0, then dy / divisor of each window added to every real cell of the window. */
export function avgPool2dBackward(dy: usize, dx: usize, geom: usize, tid: i32, nthreads: i32): void {
  const g = changetype<PoolGeometry>(geom);
  const h = g.h, w = g.w, oh = g.oh, ow = g.ow, kh = g.kh, kw = g.kw, sh = g.sh, sw = g.sw, pt = g.pt, pl = g.pl;
  const full = g.countIncludePad != 0;
  const lo = firstInterior(pl, sw), hi = endInterior(w, pl, kw, sw, ow);
  const planeBytes = <usize>(h * w) << 2;
  const last = firstItem(g.planes, tid + 1, nthreads);
  for (let p = firstItem(g.planes, tid, nthreads); p < last; p++) {
    const grad = dx + <usize>p * planeBytes;
    memory.fill(grad, 0, planeBytes);
    const src = dy + (<usize>(p * oh * ow) << 2);
    for (let i = 0; i < oh; i++) {
      const ih0 = i * sh - pt;
      const h0 = max(0, ih0), h1 = min(h, ih0 + kh);
      const row = src + (<usize>(i * ow) << 2);
      let j = 0;
      if (sw <= 2 && h0 == ih0 && h1 == ih0 + kh) {
        const inv = f32x4.splat(1 / <f32>(kh * kw));
        for (; j < lo; j++) spreadAt(grad, w, h0, h1, j * sw - pl, kw, kh, full, load<f32>(row + (<usize>j << 2)));
        for (; j + 4 <= hi; j += 4) spreadFour(grad, w, ih0, j * sw - pl, kh, kw, sw, f32x4.mul(v128.load(row + (<usize>j << 2)), inv));
        // Ragged end: the last four interior windows, with the lanes already done zeroed.
        if (j < hi && hi - 4 >= lo) {
          const t = hi - 4;
          const fresh = i32x4.ge_s(i32x4(0, 1, 2, 3), i32x4.splat(j - t));
          spreadFour(grad, w, ih0, t * sw - pl, kh, kw, sw, v128.and(f32x4.mul(v128.load(row + (<usize>t << 2)), inv), fresh));
          j = hi;
        }
      }
      for (; j < ow; j++) spreadAt(grad, w, h0, h1, j * sw - pl, kw, kh, full, load<f32>(row + (<usize>j << 2)));
    }
  }
}

/** Adds dyv / divisor to every real cell of one window starting at column iw0. */
@inline function spreadAt(grad: usize, w: i32, h0: i32, h1: i32, iw0: i32, kw: i32, kh: i32, full: bool, dyv: f32): void {
  const w0 = max(0, iw0), w1 = min(w, iw0 + kw);
  const share = dyv / <f32>(full ? kh * kw : (h1 - h0) * (w1 - w0));
  for (let ih = h0; ih < h1; ih++) {
    const line = grad + (<usize>(ih * w) << 2);
    for (let iw = w0; iw < w1; iw++) {
      const at = line + (<usize>iw << 2);
      store<f32>(at, load<f32>(at) + share);
    }
  }
}
