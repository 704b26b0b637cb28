// fill: writes one value everywhere (4-byte elements as a bit pattern, or bytes).
import { partStart } from './lib/partition';

/** out[i] = value for i in this thread's share of [0, n); `bits` is the element's bit pattern, `es` its size (1 or 4). */
export function fill(out: usize, n: i32, es: i32, bits: i32, tid: i32, nth: i32): void {
  const s = <usize>partStart(n, tid, nth);
  const e = <usize>partStart(n, tid + 1, nth);
  if (s >= e) return;
  if (es == 1) {
    memory.fill(out + s, <u8>bits, e - s);
    return;
  }
  const v = i32x4.splat(bits);
  for (let i = s; i < e; i += 4) v128.store(out + (i << 2), v);
}
