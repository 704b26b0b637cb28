// Grid sampling (PyTorch's grid_sample, 2-D): for each output point, the
// image is read at grid coordinates (x, y) ∈ [-1, 1] mapped to pixels,
// bilinearly or nearest, with zero or border padding. Each point's taps and
// weights are computed once and applied to every channel. Threads split the
// N·OH·OW points.
import { firstItem } from './gemm-partition';

/** Pixel coordinate of a normalized one: g·a + (size - 1)/2 with a = (size - 1)/2 (alignCorners) or size/2. */
@inline function unnormalize(v: f32, size: i32, alignCorners: bool): f32 {
  const scale: f32 = alignCorners ? <f32>(size - 1) * 0.5 : <f32>size * 0.5;
  return v * scale + <f32>(size - 1) * 0.5;
}

/** Flat index of tap (ix, iy), or -1 outside the image. */
@inline function tap(ix: f32, iy: f32, h: i32, w: i32): i32 {
  // Compared as floats first so huge or NaN coordinates never reach the int conversion.
  if (!(ix >= 0 && ix < <f32>w && iy >= 0 && iy < <f32>h)) return -1;
  return <i32>iy * w + <i32>ix;
}

/** Σ weight·x[c, tap] over the taps of one point, for every channel; out advances by `outStride` per channel. */
function applyTaps(img: usize, out: usize, c: i32, plane: i32, outStride: i32, t0: i32, w0: f32, t1: i32, w1: f32, t2: i32, w2: f32, t3: i32, w3: f32): void {
  const planeBytes = <usize>plane << 2;
  const strideBytes = <usize>outStride << 2;
  for (let ch = 0; ch < c; ch++) {
    let s: f32 = 0;
    if (t0 >= 0) s += w0 * load<f32>(img + (<usize>t0 << 2));
    if (t1 >= 0) s += w1 * load<f32>(img + (<usize>t1 << 2));
    if (t2 >= 0) s += w2 * load<f32>(img + (<usize>t2 << 2));
    if (t3 >= 0) s += w3 * load<f32>(img + (<usize>t3 << 2));
    store<f32>(out, s);
    img += planeBytes;
    out += strideBytes;
  }
}

/**
 * out [N, C, OH, OW] = x [N, C, H, W] sampled at grid [N, OH, OW, 2].
 * mode: 0 bilinear, 1 nearest; padding: 0 zeros, 1 border.
 */
export function gridSample(x: usize, grid: usize, out: usize, n: i32, c: i32, h: i32, w: i32, oh: i32, ow: i32, mode: i32, padding: i32, alignCorners: i32, tid: i32, nthreads: i32): void {
  const points = oh * ow;
  const total = n * points;
  const plane = h * w;
  const last = firstItem(total, tid + 1, nthreads);
  for (let q = firstItem(total, tid, nthreads); q < last; q++) {
    const b = q / points, p = q % points;
    let ix = unnormalize(load<f32>(grid + (<usize>q << 3)), w, alignCorners != 0);
    let iy = unnormalize(load<f32>(grid + (<usize>q << 3), 4), h, alignCorners != 0);
    if (padding == 1) {
      // Border: clamp into [0, size - 1] (NaN stays NaN and reads nothing).
      ix = min(max(ix, 0), <f32>(w - 1));
      iy = min(max(iy, 0), <f32>(h - 1));
    }
    const img = x + (<usize>b * <usize>c * <usize>plane << 2);
    const dst = out + ((<usize>b * <usize>c * <usize>points + <usize>p) << 2);
    if (mode == 1) {
      // Round half to even, as PyTorch's nearbyint.
      applyTaps(img, dst, c, plane, points, tap(nearest(ix), nearest(iy), h, w), 1, -1, 0, -1, 0, -1, 0);
      continue;
    }
    const x0 = floor(ix), y0 = floor(iy);
    const tx = ix - x0, ty = iy - y0;
    const rx: f32 = 1 - tx, ry: f32 = 1 - ty;
    applyTaps(img, dst, c, plane, points,
      tap(x0, y0, h, w), rx * ry, tap(x0 + 1, y0, h, w), tx * ry,
      tap(x0, y0 + 1, h, w), rx * ty, tap(x0 + 1, y0 + 1, h, w), tx * ty);
  }
}
