// cast between float32 (0), int32 (1) and bool (2). float → int truncates
// toward zero (saturating; NaN → 0); → bool is x != 0; bool → number is 0/1.
import { F32, I32, U8 } from './lib/dtype';
import { partStart } from './lib/partition';

/** Sixteen 4-byte lanes (four vectors of masks) narrowed to sixteen 0/1 bytes. */
@inline function masksToBytes(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  return v128.and(i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3)), i8x16.splat(1));
}

@inline function nonzeroF(p: usize): v128 {
  return f32x4.ne(v128.load(p), f32x4.splat(0));
}

@inline function nonzeroI(p: usize): v128 {
  return v128.not(i32x4.eq(v128.load(p), i32x4.splat(0)));
}

/** Four bytes at p widened to i32x4. */
@inline function bytes4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
}

/** out[i] = cast(x[i]) for this thread's share of [0, n). */
export function cast(x: usize, out: usize, n: i32, from: i32, to: i32, tid: i32, nth: i32): void {
  const s = <usize>partStart(n, tid, nth);
  const e = <usize>partStart(n, tid + 1, nth);
  if (s >= e) return;
  if (from == to) {
    const es: usize = from == U8 ? 1 : 4;
    memory.copy(out + s * es, x + s * es, (e - s) * es);
  } else if (to == U8) {
    const isF = from == F32;
    for (let i = s; i < e; i += 16) {
      const p = x + (i << 2);
      const m0 = isF ? nonzeroF(p) : nonzeroI(p);
      const m1 = isF ? nonzeroF(p + 16) : nonzeroI(p + 16);
      const m2 = isF ? nonzeroF(p + 32) : nonzeroI(p + 32);
      const m3 = isF ? nonzeroF(p + 48) : nonzeroI(p + 48);
      v128.store(out + i, masksToBytes(m0, m1, m2, m3));
    }
  } else if (from == U8) {
    const toF = to == F32;
    for (let i = s; i < e; i += 4) {
      const w = bytes4(x + i);
      v128.store(out + (i << 2), toF ? f32x4.convert_i32x4_u(w) : w);
    }
  } else if (from == F32 && to == I32) {
    for (let i = s; i < e; i += 4) v128.store(out + (i << 2), i32x4.trunc_sat_f32x4_s(v128.load(x + (i << 2))));
  } else {
    for (let i = s; i < e; i += 4) v128.store(out + (i << 2), f32x4.convert_i32x4_s(v128.load(x + (i << 2))));
  }
}
