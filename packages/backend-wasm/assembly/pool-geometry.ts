// The geometry of one pooling call, written by the JS wrapper into wasm
// memory as 12 consecutive int32 (in this field order) and read here in place.

/** Pooling geometry over `planes` = N·C channel planes of H×W. */
@unmanaged export class PoolGeometry {
  planes: i32;
  h: i32;
  w: i32;
  oh: i32;
  ow: i32;
  kh: i32;
  kw: i32;
  sh: i32;
  sw: i32;
  pt: i32;
  pl: i32;
  countIncludePad: i32;
}

/**
 * Index (into the plane) of the first maximum of the window of output (oh, ow),
 * in row-major window order; NaN counts as greater than everything. Padding
 * cells are skipped; a window has at least one real cell (padding ≤ kernel/2).
 */
@inline export function windowArgmax(plane: usize, g: PoolGeometry, oh: i32, ow: i32): i32 {
  const ih0 = oh * g.sh - g.pt, iw0 = ow * g.sw - g.pl;
  const h0 = max(0, ih0), h1 = min(g.h, ih0 + g.kh);
  const w0 = max(0, iw0), w1 = min(g.w, iw0 + g.kw);
  let best = h0 * g.w + w0;
  let m = load<f32>(plane + (<usize>best << 2));
  for (let ih = h0; ih < h1; ih++) {
    if (m != m) break;
    for (let iw = w0; iw < w1; iw++) {
      const idx = ih * g.w + iw;
      const v = load<f32>(plane + (<usize>idx << 2));
      // v != v: a NaN beats any number; strict > keeps the first of equal maxima.
      if (v > m || v != v) { m = v; best = idx; if (v != v) break; }
    }
  }
  return best;
}

/** Divisor of the window of output (oh, ow): the full window, or its cells inside the image. */
@inline export function windowCount(g: PoolGeometry, oh: i32, ow: i32): f32 {
  if (g.countIncludePad != 0) return <f32>(g.kh * g.kw);
  const ih0 = oh * g.sh - g.pt, iw0 = ow * g.sw - g.pl;
  const rows = min(g.h, ih0 + g.kh) - max(0, ih0);
  const cols = min(g.w, iw0 + g.kw) - max(0, iw0);
  return <f32>(rows * cols);
}
