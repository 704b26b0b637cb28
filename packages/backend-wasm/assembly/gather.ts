// gather and its adjoint scatterAdd along one axis, with x viewed as
// [O, A, I] and the indices flattened to J entries. Out-of-range indices
// read as 0 (gather) or are skipped (scatterAdd), never touching memory.
import { F32 } from './lib/dtype';
import { partStart } from './lib/partition';

/** out[o, j, :] = x[o, idx[j], :] (es bytes per element) for this thread's share of the O·J rows. */
export function gather(x: usize, idx: usize, out: usize, outer: i32, a: i32, j: i32, inner: i32, es: i32, tid: i32, nth: i32): void {
  const rows = <i64>outer * <i64>j;
  const s = partStart(rows, tid, nth);
  const e = partStart(rows, tid + 1, nth);
  const rowBytes = <usize>inner * <usize>es;
  for (let k = s; k < e; k++) {
    const o = k / <i64>j;
    const jj = <usize>(k % <i64>j);
    const at = load<i32>(idx + (jj << 2));
    const dst = out + <usize>k * rowBytes;
    if (at < 0 || at >= a) memory.fill(dst, 0, rowBytes);
    else memory.copy(dst, x + (<usize>(o * <i64>a) + <usize>at) * rowBytes, rowBytes);
  }
}

/** dst[i0:i0+len] += src[i0:i0+len] for 4-byte floats or ints. */
@inline function addRow(isF: bool, dst: usize, src: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const q = <usize>i << 2;
    const a = v128.load(dst + q);
    const b = v128.load(src + q);
    v128.store(dst + q, isF ? f32x4.add(a, b) : i32x4.add(a, b));
  }
  for (; i < len; i++) {
    const q = <usize>i << 2;
    if (isF) store<f32>(dst + q, load<f32>(dst + q) + load<f32>(src + q));
    else store<i32>(dst + q, load<i32>(dst + q) + load<i32>(src + q));
  }
}

/**
 * out = 0, then out[o, idx[j], :] += upd[o, j, :] (float32 or int32). Threads
 * own disjoint outputs: ranges of o when O is large, else ranges of columns.
 */
export function scatterAdd(idx: usize, upd: usize, out: usize, outer: i32, a: i32, j: i32, inner: i32, dt: i32, tid: i32, nth: i32): void {
  const byRows = outer >= nth;
  const o0 = byRows ? <i32>partStart(outer, tid, nth) : 0;
  const o1 = byRows ? <i32>partStart(outer, tid + 1, nth) : outer;
  const c0 = byRows ? 0 : <i32>partStart(inner, tid, nth);
  const c1 = byRows ? inner : <i32>partStart(inner, tid + 1, nth);
  const len = c1 - c0;
  if (len <= 0 || o1 <= o0) return;
  const isF = dt == F32;
  for (let o = o0; o < o1; o++) {
    for (let r = 0; r < a; r++) memory.fill(out + ((<usize>(<i64>o * <i64>a + <i64>r) * <usize>inner + <usize>c0) << 2), 0, <usize>len << 2);
  }
  for (let o = o0; o < o1; o++) {
    for (let jj = 0; jj < j; jj++) {
      const at = load<i32>(idx + (<usize>jj << 2));
      if (at < 0 || at >= a) continue;
      const dst = out + ((<usize>(<i64>o * <i64>a + <i64>at) * <usize>inner + <usize>c0) << 2);
      const src = upd + ((<usize>(<i64>o * <i64>j + <i64>jj) * <usize>inner + <usize>c0) << 2);
      if (isF) addRow(true, dst, src, len);
      else addRow(false, dst, src, len);
    }
  }
}
