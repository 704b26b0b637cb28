// argmax / argmin over the middle axis of x viewed as [O, R, I]: the index
// (int32) of the first extreme value. NaN counts as greater than everything.
import { F32, I32 } from './lib/dtype';
import { partStart } from './lib/partition';

@inline function argF32(isMax: bool, p: usize, r: i32, step: usize): i32 {
  let best = load<f32>(p);
  let at = 0;
  for (let j = 1; j < r; j++) {
    const v = load<f32>(p + <usize>j * step);
    if (isMax) {
      if (best != best) break; // a NaN already won
      if (v != v || v > best) { best = v; at = j; }
    } else if (v < best || (best != best && v == v)) {
      best = v;
      at = j;
    }
  }
  return at;
}

@inline function argInt<T>(isMax: bool, p: usize, r: i32, step: usize): i32 {
  let best = load<T>(p);
  let at = 0;
  for (let j = 1; j < r; j++) {
    const v = load<T>(p + <usize>j * step);
    if (isMax ? v > best : v < best) { best = v; at = j; }
  }
  return at;
}

/** out[o, i] = arg(max|min) over r of x[o, r, i] for this thread's share of the O·I outputs (r ≥ 1). */
export function argReduce(isMax: i32, dt: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, tid: i32, nth: i32): void {
  const total = <i64>outer * <i64>inner;
  const s = partStart(total, tid, nth);
  const e = partStart(total, tid + 1, nth);
  const es: usize = dt == F32 || dt == I32 ? 4 : 1;
  const step = <usize>inner * es;
  for (let k = s; k < e; k++) {
    const o = k / <i64>inner;
    const i = k % <i64>inner;
    const p = x + <usize>(o * <i64>r * <i64>inner + i) * es;
    let at = 0;
    if (dt == F32) at = isMax ? argF32(true, p, r, step) : argF32(false, p, r, step);
    else if (dt == I32) at = isMax ? argInt<i32>(true, p, r, step) : argInt<i32>(false, p, r, step);
    else at = isMax ? argInt<u8>(true, p, r, step) : argInt<u8>(false, p, r, step);
    store<i32>(out + (<usize>k << 2), at);
  }
}
