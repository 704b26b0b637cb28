// Building blocks of the direct depthwise convolution (conv-depthwise-*.ts).
// Each kernel first copies the plane it reads into a zero-bordered scratch
// plane (the padding made explicit, dy also spread out by the stride for the
// input gradient), so that its inner loops are plain vector code with no
// bounds checks: every filter tap of every output vector reads inside it.
// With column stride 2 the bordered input plane is stored deinterleaved
// (even columns, then odd columns), so that the four cells a vector needs,
// two columns apart, are adjacent: one plain load instead of two and a shuffle.
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
/** Floats per row of the stored input plane: its columns, or with stride 2 two halves of ⌈cols/2⌉. */
@inline export function xPlaneStride(g: ConvGeometry): i32 {
  const cols = xPlaneCols(g);
  return g.sw == 2 ? 2 * ((cols + 1) >> 1) : cols;
}

/**
 * Where bordered column `off` of a row is stored: itself, or in a plane
 * deinterleaved into two halves `half` wide (stride 2), its slot there.
 */
@inline export function storedColumn(off: i32, half: i32): i32 {
  return half == 0 ? off : (off & 1) * half + (off >> 1);
}

/** x plane src [H, W] bordered by the padding into dst (xPlaneRows × xPlaneStride), deinterleaved when sw == 2. */
export function placeXPlane(dst: usize, g: ConvGeometry, src: usize): void {
  const rows = xPlaneRows(g), cols = xPlaneCols(g), stride = xPlaneStride(g);
  if (g.sw != 2) {
    placePlane(dst, rows, cols, src, g.h, g.w, 1, 1, g.pt, g.pl);
    return;
  }
  const half = stride >> 1;
  memory.fill(dst, 0, <usize>(rows * stride) << 2);
  const count = min(g.w, cols - g.pl);
  for (let a = 0; a < g.h; a++) {
    const r = a + g.pt;
    if (r >= rows) break;
    const from = src + (<usize>(a * g.w) << 2);
    const to = dst + (<usize>(r * stride) << 2);
    // Eight cells per pass: cells b, b+2, b+4, b+6 land side by side in one
    // half and b+1, ... in the other (which half depends on the parity of pl).
    const evenFirst = (g.pl & 1) == 0;
    const lo = to + (<usize>(evenFirst ? 0 : half) << 2), hi = to + (<usize>(evenFirst ? half : <i32>0) << 2);
    let b = 0;
    for (; b + 8 <= count; b += 8) {
      const v0 = v128.load(from + (<usize>b << 2)), v1 = v128.load(from + (<usize>b << 2), 16);
      const j = b + g.pl; // stored slot of cell b: j >> 1 in its half; cell b + 1's: (j + 1) >> 1
      v128.store(lo + (<usize>(j >> 1) << 2), i32x4.shuffle(v0, v1, 0, 2, 4, 6));
      v128.store(hi + (<usize>((j + 1) >> 1) << 2), i32x4.shuffle(v0, v1, 1, 3, 5, 7));
    }
    for (; b < count; b++) store<f32>(to + (<usize>storedColumn(b + g.pl, half) << 2), load<f32>(from + (<usize>b << 2)));
  }
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
  const plane = max(xPlaneRows(g) * xPlaneStride(g), dyPlaneRows(g) * dyPlaneCols(g));
  return (round4(plane) + round4(g.oh * round4(g.ow))) * 4;
}

/**
 * dst (rows × cols, zero elsewhere) [a·rs + ro, b·cs + co] = src[a, b] for
 * src rows × cols srcRows × srcCols; cells that land outside dst are
 * dropped (no output reads them).
 */
export function placePlane(dst: usize, rows: i32, cols: i32, src: usize, srcRows: i32, srcCols: i32, rs: i32, cs: i32, ro: i32, co: i32): void {
  if (rs == 1 && cs == 1) {
    placeDense(dst, rows, cols, src, srcRows, srcCols, ro, co);
    return;
  }
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

/** placePlane with rs = cs = 1: copies the rows and zeroes only the border around them (bulk-memory calls cost: none of length 0). */
function placeDense(dst: usize, rows: i32, cols: i32, src: usize, srcRows: i32, srcCols: i32, ro: i32, co: i32): void {
  const r0 = min(ro, rows), r1 = min(rows, ro + srcRows);
  const count = max(0, min(srcCols, cols - co));
  const left = min(co, cols), right = cols - left - count;
  if (r0 > 0) memory.fill(dst, 0, <usize>(r0 * cols) << 2);
  if (left == 0 && right == 0 && count == srcCols) {
    // Same row width, no side border: the rows are one contiguous block.
    memory.copy(dst + (<usize>(r0 * cols) << 2), src, <usize>((r1 - r0) * cols) << 2);
  } else {
    for (let r = r0; r < r1; r++) {
      const row = dst + (<usize>(r * cols) << 2);
      if (left > 0) memory.fill(row, 0, <usize>left << 2);
      memory.copy(row + (<usize>left << 2), src + (<usize>((r - ro) * srcCols) << 2), <usize>count << 2);
      if (right > 0) memory.fill(row + (<usize>(left + count) << 2), 0, <usize>right << 2);
    }
  }
  if (r1 < rows) memory.fill(dst + (<usize>(r1 * cols) << 2), 0, <usize>((rows - r1) * cols) << 2);
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

/**
 * Body of correlate, with the column step `cm` of the loads and whether the
 * plane is deinterleaved fixed at the call site (so loadCols' branch folds away).
 */
@inline function correlateStride(
  p: usize, pc: i32, taps: usize, tapStep: isize, kh: i32, kw: i32, dh: i32, dw: i32,
  out: usize, rows: i32, cols: i32, sh: i32, cm: i32, half: i32, accumulate: bool, rowMod: i32, rowPhase: i32,
): void {
  const pcBytes = <usize>pc << 2;
  // Filter rows u, u + uStep, ... of output row r meet the same phase of rowMod.
  let uStep = 1;
  while ((uStep * dh) % rowMod != 0) uStep++;
  for (let r = 0; r < rows; r++) {
    const prow = p + <usize>(r * sh) * pcBytes;
    const orow = out + (<usize>(r * cols) << 2);
    let u0 = 0;
    while (u0 < kh && (r + u0 * dh + rowPhase) % rowMod != 0) u0++;
    let c = 0;
    for (; c + 16 <= cols; c += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let u = u0; u < kh; u += uStep) {
        const row = prow + <usize>(u * dh) * pcBytes;
        let t = taps + <isize>(u * kw) * tapStep;
        for (let v = 0; v < kw; v++) {
          const wv = v128.load32_splat(t);
          const col = c * cm + storedColumn(v * dw, half);
          a0 = madd(loadCols(row, col, cm), wv, a0);
          a1 = madd(loadCols(row, col + 4 * cm, cm), wv, a1);
          a2 = madd(loadCols(row, col + 8 * cm, cm), wv, a2);
          a3 = madd(loadCols(row, col + 12 * cm, cm), wv, a3);
          t += tapStep;
        }
      }
      const o = orow + (<usize>c << 2);
      storeLanes(o, a0, 4, accumulate); storeLanes(o + 16, a1, 4, accumulate);
      storeLanes(o + 32, a2, 4, accumulate); storeLanes(o + 48, a3, 4, accumulate);
    }
    if (c + 8 <= cols) {
      // Two vectors: two independent FMA chains (one alone waits on each FMA's latency).
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
      for (let u = u0; u < kh; u += uStep) {
        const row = prow + <usize>(u * dh) * pcBytes;
        let t = taps + <isize>(u * kw) * tapStep;
        for (let v = 0; v < kw; v++) {
          const wv = v128.load32_splat(t);
          const col = c * cm + storedColumn(v * dw, half);
          a0 = madd(loadCols(row, col, cm), wv, a0);
          a1 = madd(loadCols(row, col + 4 * cm, cm), wv, a1);
          t += tapStep;
        }
      }
      const o = orow + (<usize>c << 2);
      storeLanes(o, a0, 4, accumulate); storeLanes(o + 16, a1, 4, accumulate);
      c += 8;
    }
    for (; c < cols; c += 4) {
      let a = f32x4.splat(0);
      for (let u = u0; u < kh; u += uStep) {
        const row = prow + <usize>(u * dh) * pcBytes;
        let t = taps + <isize>(u * kw) * tapStep;
        for (let v = 0; v < kw; v++) {
          a = madd(loadCols(row, c * cm + storedColumn(v * dw, half), cm), v128.load32_splat(t), a);
          t += tapStep;
        }
      }
      storeLanes(orow + (<usize>c << 2), a, cols - c, accumulate);
    }
  }
}

/**
 * out[r, c] (rows × cols, contiguous) (+)= Σ_{u < kh, v < kw} p[r·sh + u·dh, c·sw + v·dw] · tap(u, v)
 * over the bordered plane p (pc floats per row; with sw == 2 stored
 * deinterleaved as placeXPlane does), tap(u, v) read at taps + (u·kw + v)·tapStep
 * (a negative step walks the filter backwards: the flipped filter). Taps are
 * summed in order, four output columns per vector, 16 per pass. Plane rows
 * r·sh + u·dh with (r + u·dh + rowPhase) % rowMod ≠ 0 are known to be zero
 * (a plane spread by a row stride) and are skipped; rowMod 1 reads all.
 */
export function correlate(
  p: usize, pc: i32, taps: usize, tapStep: isize, kh: i32, kw: i32, dh: i32, dw: i32,
  out: usize, rows: i32, cols: i32, sh: i32, sw: i32, accumulate: bool, rowMod: i32, rowPhase: i32,
): void {
  if (sw == 1) correlateStride(p, pc, taps, tapStep, kh, kw, dh, dw, out, rows, cols, sh, 1, 0, accumulate, rowMod, rowPhase);
  else if (sw == 2) correlateStride(p, pc, taps, tapStep, kh, kw, dh, dw, out, rows, cols, sh, 1, pc >> 1, accumulate, rowMod, rowPhase);
  else correlateStride(p, pc, taps, tapStep, kh, kw, dh, dw, out, rows, cols, sh, sw, 0, accumulate, rowMod, rowPhase);
}
