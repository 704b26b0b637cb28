// Building blocks of the direct depthwise convolution (conv-depthwise-*.ts).
// Each kernel first copies the plane it reads into a zero-bordered scratch
// plane (the padding made explicit, dy also spread out by the stride for the
// input gradient), so that its inner loops are plain vector code with no
// bounds checks: every filter tap of every output vector reads inside it.
import { ConvGeometry } from './conv-geometry';
import { madd } from './gemm-kernel';

/** n rounded up to a multiple of 4 (output rows are computed four columns at a time). */
@inline export function round4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Rows and columns of the bordered input plane the forward pass and filter gradient read. */
@inline export function xPlaneRows(g: ConvGeometry): i32 {
  return (g.oh - 1) * g.sh + (g.kh - 1) * g.dh + 1;
}
@inline export function xPlaneCols(g: ConvGeometry): i32 {
  return (round4(g.ow) - 1) * g.sw + (g.kw - 1) * g.dw + 1;
}

/** Rows and columns of the spread, bordered dy plane the input gradient reads. */
@inline export function dyPlaneRows(g: ConvGeometry): i32 {
  return g.h + g.pt + (g.kh - 1) * g.dh;
}
@inline export function dyPlaneCols(g: ConvGeometry): i32 {
  return round4(g.w) + g.pl + (g.kw - 1) * g.dw;
}

/** Floats of scratch one thread needs for any of the three kernels: one bordered plane and one padded dy plane. */
export function depthwiseScratchBytes(geom: usize): i32 {
  const g = changetype<ConvGeometry>(geom);
  const plane = max(xPlaneRows(g) * xPlaneCols(g), dyPlaneRows(g) * dyPlaneCols(g));
  return (round4(plane) + round4(g.oh * round4(g.ow))) * 4;
}

/**
 * dst (rows × cols, zero elsewhere) [a·rs + ro, b·cs + co] = src[a, b] for
 * src rows × cols srcRows × srcCols; cells that land outside dst are
 * dropped (no output reads them).
 */
export function placePlane(dst: usize, rows: i32, cols: i32, src: usize, srcRows: i32, srcCols: i32, rs: i32, cs: i32, ro: i32, co: i32): void {
  memory.fill(dst, 0, <usize>(rows * cols) << 2);
  for (let a = 0; a < srcRows; a++) {
    const r = a * rs + ro;
    if (r >= rows) break;
    const from = src + (<usize>(a * srcCols) << 2);
    const to = dst + (<usize>(r * cols + co) << 2);
    const count = min(srcCols, (cols - co + cs - 1) / cs);
    if (count <= 0) break;
    if (cs == 1) memory.copy(to, from, <usize>count << 2);
    else for (let b = 0; b < count; b++) store<f32>(to + (<usize>(b * cs) << 2), load<f32>(from + (<usize>b << 2)));
  }
}

/** p[col0 + l·sw] for lanes l < 4; reads only those cells (stride 2: two overlapping loads). */
@inline export function loadCols(row: usize, col0: i32, sw: i32): v128 {
  const p = row + (<usize>col0 << 2);
  if (sw == 1) return v128.load(p);
  if (sw == 2) return i32x4.shuffle(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
  const step = <usize>sw << 2;
  let v = v128.load32_zero(p);
  v = f32x4.replace_lane(v, 1, load<f32>(p + step));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
}

/** Sum of the four lanes, in a fixed order. */
@inline export function laneSum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Stores (or adds) the first `count` (1..4) lanes of v at o; touches no cell past them. */
@inline function storeLanes(o: usize, v: v128, count: i32, accumulate: bool): void {
  if (count >= 4) {
    v128.store(o, accumulate ? f32x4.add(v, v128.load(o)) : v);
    return;
  }
  store<f32>(o, f32x4.extract_lane(v, 0) + (accumulate ? load<f32>(o) : 0));
  if (count > 1) store<f32>(o, f32x4.extract_lane(v, 1) + (accumulate ? load<f32>(o, 4) : 0), 4);
  if (count > 2) store<f32>(o, f32x4.extract_lane(v, 2) + (accumulate ? load<f32>(o, 8) : 0), 8);
}

/** Body of correlate with the column stride fixed at the call site (so loadCols' branch folds away). */
@inline function correlateStride(
  p: usize, pc: i32, taps: usize, tapStep: isize, kh: i32, kw: i32, dh: i32, dw: i32,
  out: usize, rows: i32, cols: i32, sh: i32, sw: i32, accumulate: bool,
): void {
  const pcBytes = <usize>pc << 2;
  for (let r = 0; r < rows; r++) {
    const prow = p + <usize>(r * sh) * pcBytes;
    const orow = out + (<usize>(r * cols) << 2);
    let c = 0;
    for (; c + 16 <= cols; c += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let t = taps;
      for (let u = 0; u < kh; u++) {
        const row = prow + <usize>(u * dh) * pcBytes;
        let col = c * sw;
        for (let v = 0; v < kw; v++) {
          const wv = v128.load32_splat(t);
          a0 = madd(loadCols(row, col, sw), wv, a0);
          a1 = madd(loadCols(row, col + 4 * sw, sw), wv, a1);
          a2 = madd(loadCols(row, col + 8 * sw, sw), wv, a2);
          a3 = madd(loadCols(row, col + 12 * sw, sw), wv, a3);
          col += dw;
          t += tapStep;
        }
      }
      const o = orow + (<usize>c << 2);
      storeLanes(o, a0, 4, accumulate); storeLanes(o + 16, a1, 4, accumulate);
      storeLanes(o + 32, a2, 4, accumulate); storeLanes(o + 48, a3, 4, accumulate);
    }
    for (; c < cols; c += 4) {
      let a = f32x4.splat(0);
      let t = taps;
      for (let u = 0; u < kh; u++) {
        const row = prow + <usize>(u * dh) * pcBytes;
        for (let v = 0; v < kw; v++) {
          a = madd(loadCols(row, c * sw + v * dw, sw), v128.load32_splat(t), a);
          t += tapStep;
        }
      }
      storeLanes(orow + (<usize>c << 2), a, cols - c, accumulate);
    }
  }
}

/**
 * out[r, c] (rows × cols, contiguous) (+)= Σ_{u < kh, v < kw} p[r·sh + u·dh, c·sw + v·dw] · tap(u, v)
 * over the bordered plane p (pc columns), tap(u, v) read at taps + (u·kw + v)·tapStep
 * (a negative step walks the filter backwards: the flipped filter). Taps are
 * summed in order, four output columns per vector, 16 per pass.
 */
export function correlate(
  p: usize, pc: i32, taps: usize, tapStep: isize, kh: i32, kw: i32, dh: i32, dw: i32,
  out: usize, rows: i32, cols: i32, sh: i32, sw: i32, accumulate: bool,
): void {
  if (sw == 1) correlateStride(p, pc, taps, tapStep, kh, kw, dh, dw, out, rows, cols, sh, 1, accumulate);
  else if (sw == 2) correlateStride(p, pc, taps, tapStep, kh, kw, dh, dw, out, rows, cols, sh, 2, accumulate);
  else correlateStride(p, pc, taps, tapStep, kh, kw, dh, dw, out, rows, cols, sh, sw, accumulate);
}
