// Strided copy, the engine of transpose, slice, pad, concat and expand. The
// JS side describes both sides with per-dimension element strides in the
// metadata block (strides0: source, may be 0 or negative; strides1:
// destination) and coalesces dimensions first, so rows are as long as possible.
import { dimAt, odoNext, odoSeek, off0, off1, strideAt } from './lib/odometer';
import { partStart } from './lib/partition';

@inline function copyRow4(src: usize, ss: isize, dst: usize, ds: isize, n: i32): void {
  if (ss == 1 && ds == 1) {
    memory.copy(dst, src, <usize>n << 2);
  } else if (ss == 0 && ds == 1) {
    const v = v128.load32_splat(src);
    let i = 0;
    for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
    for (; i < n; i++) store<i32>(dst + (<usize>i << 2), load<i32>(src));
  } else {
    for (let i = 0; i < n; i++) store<i32>(dst + ((<isize>i * ds) << 2), load<i32>(src + ((<isize>i * ss) << 2)));
  }
}

@inline function copyRow1(src: usize, ss: isize, dst: usize, ds: isize, n: i32): void {
  if (ss == 1 && ds == 1) memory.copy(dst, src, <usize>n);
  else if (ss == 0 && ds == 1) memory.fill(dst, load<u8>(src), <usize>n);
  else for (let i = 0; i < n; i++) store<u8>(dst + <usize>(<isize>i * ds), load<u8>(src + <usize>(<isize>i * ss)));
}

/** dst[idx · dstStrides] = src[idx · srcStrides] over the index space in `meta`; es is 1 or 4 bytes. */
export function copy(src: usize, dst: usize, es: i32, rank: i32, meta: usize, tid: i32, nth: i32): void {
  const n = dimAt(meta, rank - 1);
  let total: i64 = n;
  for (let d = 0; d < rank - 1; d++) total *= <i64>dimAt(meta, d);
  let pos = partStart(total, tid, nth);
  const end = partStart(total, tid + 1, nth);
  if (pos >= end || n == 0) return;
  const ss = strideAt(meta, rank, 0, rank - 1);
  const ds = strideAt(meta, rank, 1, rank - 1);
  odoSeek(meta, rank, tid, pos / <i64>n);
  let col = <i32>(pos % <i64>n);
  while (pos < end) {
    const left = end - pos;
    const len = <i32>(left < <i64>(n - col) ? left : <i64>(n - col));
    const ps = src + <usize>((off0 + <isize>col * ss) * <isize>es);
    const pd = dst + <usize>((off1 + <isize>col * ds) * <isize>es);
    if (es == 4) copyRow4(ps, ss, pd, ds, len);
    else copyRow1(ps, ss, pd, ds, len);
    pos += <i64>len;
    col = 0;
    odoNext(meta, rank, tid);
  }
}
