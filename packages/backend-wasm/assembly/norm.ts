// Batch normalization with given statistics and layer normalization over the
// last axis. Both reduce to out = x·scale + shift per channel or row, four
// lanes at a time; the per-channel/row constants are computed in f64.
import { firstItem } from './gemm-partition';

/** dst[i] = src[i]·scale + shift over [0, len). */
function affine(src: usize, dst: usize, len: i32, scale: f32, shift: f32): void {
  const sv = f32x4.splat(scale), tv = f32x4.splat(shift);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(f32x4.mul(v128.load(src + o), sv), tv));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(src + o) * scale + shift);
  }
}

/**
 * x [N, C, spatial] → out = (x - mean[c]) / sqrt(variance[c] + eps) · gamma[c] + beta[c].
 * Threads split the N·C planes.
 */
export function batchNorm(x: usize, mean: usize, variance: usize, gamma: usize, beta: usize, out: usize, n: i32, c: i32, spatial: i32, eps: f64, tid: i32, nthreads: i32): void {
  const planes = n * c;
  const last = firstItem(planes, tid + 1, nthreads);
  for (let p = firstItem(planes, tid, nthreads); p < last; p++) {
    const ch = <usize>(p % c) << 2;
    const scale = <f64>load<f32>(gamma + ch) / sqrt<f64>(<f64>load<f32>(variance + ch) + eps);
    const shift = <f64>load<f32>(beta + ch) - <f64>load<f32>(mean + ch) * scale;
    const off = <usize>p * <usize>spatial << 2;
    affine(x + off, out + off, spatial, <f32>scale, <f32>shift);
  }
}

/** Mean of row [0, d) (f32 lanes, f64 final sum). */
function rowMean(src: usize, d: i32): f64 {
  let s4 = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= d; i += 4) s4 = f32x4.add(s4, v128.load(src + (<usize>i << 2)));
  let s: f64 = <f64>f32x4.extract_lane(s4, 0) + <f64>f32x4.extract_lane(s4, 1) + <f64>f32x4.extract_lane(s4, 2) + <f64>f32x4.extract_lane(s4, 3);
  for (; i < d; i++) s += load<f32>(src + (<usize>i << 2));
  return s / d;
}

/** Biased variance of row [0, d) around `mean` (two-pass: no cancellation). */
function rowVariance(src: usize, d: i32, mean: f32): f64 {
  const mv = f32x4.splat(mean);
  let s4 = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const t = f32x4.sub(v128.load(src + (<usize>i << 2)), mv);
    s4 = f32x4.add(s4, f32x4.mul(t, t));
  }
  let s: f64 = <f64>f32x4.extract_lane(s4, 0) + <f64>f32x4.extract_lane(s4, 1) + <f64>f32x4.extract_lane(s4, 2) + <f64>f32x4.extract_lane(s4, 3);
  for (; i < d; i++) {
    const t = load<f32>(src + (<usize>i << 2)) - mean;
    s += t * t;
  }
  return s / d;
}

/** out[r, :] = (x[r, :] - mean) / sqrt(var + eps) · gamma + beta, biased variance over d columns. */
export function layerNorm(x: usize, gamma: usize, beta: usize, out: usize, rows: i32, d: i32, eps: f64, tid: i32, nthreads: i32): void {
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const src = x + (<usize>r * <usize>d << 2);
    const dst = out + (<usize>r * <usize>d << 2);
    const mean = rowMean(src, d);
    const inv = <f32>(1.0 / sqrt<f64>(rowVariance(src, d, <f32>mean) + eps));
    const m = <f32>mean;
    // Subtract first: x·inv - mean·inv would cancel when |mean| ≫ std.
    const iv = f32x4.splat(inv), mv = f32x4.splat(m);
    let i = 0;
    for (; i + 4 <= d; i += 4) {
      const o = <usize>i << 2;
      const t = f32x4.mul(f32x4.sub(v128.load(src + o), mv), iv);
      v128.store(dst + o, f32x4.add(f32x4.mul(t, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (; i < d; i++) {
      const o = <usize>i << 2;
      store<f32>(dst + o, (load<f32>(src + o) - m) * inv * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}
