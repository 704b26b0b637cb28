// Softmax and log-softmax over the last axis of a [rows, d] matrix, four
// lanes at a time: a max pass, an exp-and-sum pass, then a scale (softmax)
// or shift (log-softmax) pass. Rows are split between threads.
import { firstItem } from './gemm-partition';
import { vexp, vlog } from './lib/math';

/** Largest element of row [0, d) (NaN if any is NaN). */
function rowMax(src: usize, d: i32): f32 {
  let m4 = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= d; i += 4) m4 = f32x4.max(m4, v128.load(src + (<usize>i << 2)));
  let m = max(max(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)), max(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  for (; i < d; i++) m = max(m, load<f32>(src + (<usize>i << 2)));
  return m;
}

/** Writes dst[i] = exp(src[i] - m) (when `write`) and returns their sum (accumulated in f64 lanes per 4). */
function expSum(src: usize, dst: usize, d: i32, m: f32, write: bool): f64 {
  const mv = f32x4.splat(m);
  let s4 = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const e = vexp(f32x4.sub(v128.load(src + (<usize>i << 2)), mv));
    if (write) v128.store(dst + (<usize>i << 2), e);
    s4 = f32x4.add(s4, e);
  }
  let s: f64 = <f64>f32x4.extract_lane(s4, 0) + <f64>f32x4.extract_lane(s4, 1) + <f64>f32x4.extract_lane(s4, 2) + <f64>f32x4.extract_lane(s4, 3);
  for (; i < d; i++) {
    const e = f32x4.extract_lane(vexp(f32x4.splat(load<f32>(src + (<usize>i << 2)) - m)), 0);
    if (write) store<f32>(dst + (<usize>i << 2), e);
    s += e;
  }
  return s;
}

/** dst[i] = src[i] · k (or + k when `shift`) over [0, d). */
function scaleOrShift(src: usize, dst: usize, d: i32, k: f32, shift: bool): void {
  const kv = f32x4.splat(k);
  let i = 0;
  for (; i + 4 <= d; i += 4) {
    const v = v128.load(src + (<usize>i << 2));
    v128.store(dst + (<usize>i << 2), shift ? f32x4.add(v, kv) : f32x4.mul(v, kv));
  }
  for (; i < d; i++) {
    const v = load<f32>(src + (<usize>i << 2));
    store<f32>(dst + (<usize>i << 2), shift ? v + k : v * k);
  }
}

/** out[r, :] = softmax(x[r, :]) for r < rows, over d columns. */
export function softmaxRows(x: usize, out: usize, rows: i32, d: i32, tid: i32, nthreads: i32): void {
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const src = x + (<usize>r * <usize>d << 2);
    const dst = out + (<usize>r * <usize>d << 2);
    const m = rowMax(src, d);
    const s = expSum(src, dst, d, m, true);
    scaleOrShift(dst, dst, d, <f32>(1.0 / s), false);
  }
}

/** out[r, :] = x[r, :] - max - log(Σ exp(x[r, :] - max)) for r < rows. */
export function logSoftmaxRows(x: usize, out: usize, rows: i32, d: i32, tid: i32, nthreads: i32): void {
  const last = firstItem(rows, tid + 1, nthreads);
  for (let r = firstItem(rows, tid, nthreads); r < last; r++) {
    const src = x + (<usize>r * <usize>d << 2);
    const dst = out + (<usize>r * <usize>d << 2);
    const m = rowMax(src, d);
    const s = expSum(src, dst, d, m, false);
    const logSum = f32x4.extract_lane(vlog(f32x4.splat(<f32>s)), 0);
    scaleOrShift(src, dst, d, -(m + logSum), true);
  }
}
