// where: out = cond ? a : b with broadcasting (strides0 cond, strides1 a, strides2 b in the metadata block).
import { dimAt, odoNext, odoSeek, off0, off1, off2, strideAt } from './lib/odometer';
import { partStart } from './lib/partition';

/** Four condition bytes widened to an i32x4 lane mask. */
@inline function mask4(pc: usize): v128 {
  const w = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(pc)));
  return v128.not(i32x4.eq(w, i32x4.splat(0)));
}

@inline function row4(pc: usize, sc: isize, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  let i = 0;
  if (sc >= 0 && sc <= 1 && sa >= 0 && sa <= 1 && sb >= 0 && sb <= 1) {
    const kc = load<u8>(pc) != 0 ? i32x4.splat(-1) : i32x4.splat(0);
    const ka = v128.load32_splat(pa);
    const kb = v128.load32_splat(pb);
    for (; i + 4 <= n; i += 4) {
      const m = sc ? mask4(pc + <usize>i) : kc;
      const va = sa ? v128.load(pa + (<usize>i << 2)) : ka;
      const vb = sb ? v128.load(pb + (<usize>i << 2)) : kb;
      v128.store(po + (<usize>i << 2), v128.bitselect(va, vb, m));
    }
  }
  for (; i < n; i++) {
    const c = load<u8>(pc + <usize>(<isize>i * sc)) != 0;
    store<i32>(po + (<usize>i << 2), load<i32>(c ? pa + ((<isize>i * sa) << 2) : pb + ((<isize>i * sb) << 2)));
  }
}

@inline function row1(pc: usize, sc: isize, pa: usize, sa: isize, pb: usize, sb: isize, po: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const c = load<u8>(pc + <usize>(<isize>i * sc)) != 0;
    store<u8>(po + <usize>i, load<u8>(c ? pa + <usize>(<isize>i * sa) : pb + <usize>(<isize>i * sb)));
  }
}

/** out (contiguous, es bytes per element) = cond ? a : b over the index space in `meta`. */
export function where(cond: usize, a: usize, b: usize, out: usize, es: i32, rank: i32, meta: usize, tid: i32, nth: i32): void {
  const n = dimAt(meta, rank - 1);
  let total: i64 = n;
  for (let d = 0; d < rank - 1; d++) total *= <i64>dimAt(meta, d);
  let pos = partStart(total, tid, nth);
  const end = partStart(total, tid + 1, nth);
  if (pos >= end || n == 0) return;
  const sc = strideAt(meta, rank, 0, rank - 1);
  const sa = strideAt(meta, rank, 1, rank - 1);
  const sb = strideAt(meta, rank, 2, rank - 1);
  odoSeek(meta, rank, tid, pos / <i64>n);
  let col = <i32>(pos % <i64>n);
  while (pos < end) {
    const left = end - pos;
    const len = <i32>(left < <i64>(n - col) ? left : <i64>(n - col));
    const pc = cond + <usize>(off0 + <isize>col * sc);
    const pa = a + <usize>((off1 + <isize>col * sa) * <isize>es);
    const pb = b + <usize>((off2 + <isize>col * sb) * <isize>es);
    const po = out + <usize>pos * <usize>es;
    if (es == 4) row4(pc, sc, pa, sa, pb, sb, po, len);
    else row1(pc, sc, pa, sa, pb, sb, po, len);
    pos += <i64>len;
    col = 0;
    odoNext(meta, rank, tid);
  }
}
