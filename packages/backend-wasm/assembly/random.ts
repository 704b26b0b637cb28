// Counter-based random numbers: Philox4x32-10, bit-identical to
// packages/core/src/random/philox.ts. Uniform and Bernoulli values are
// computed in float64 like the reference; the normal transform uses the
// float32 log and cos of lib/math (differences of a few float32 ulps).
import { vcos, vlog } from './lib/math';
import { partStart } from './lib/partition';

const UNIFORM: i32 = 0;
const NORMAL: i32 = 1;

// The Philox words of the last call (module globals: one set per thread's instance).
let w0: u32 = 0;
let w1: u32 = 0;

@inline function mulhi(a: u32, b: u32): u32 {
  return <u32>((<u64>a * <u64>b) >> 32);
}

/** One Philox4x32-10 block for counter [lo, hi, 0, 0]; sets w0 and w1 (the words the kernel uses). */
function philox(lo: u32, hi: u32, key0: u32, key1: u32): void {
  let c0 = lo, c1 = hi, c2: u32 = 0, c3: u32 = 0;
  let k0 = key0, k1 = key1;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += 0x9e3779b9;
      k1 += 0xbb67ae85;
    }
    const hi0 = mulhi(0xd2511f53, c0);
    const lo0 = 0xd2511f53 * c0;
    const hi1 = mulhi(0xcd9e8d57, c2);
    const lo1 = 0xcd9e8d57 * c2;
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  w0 = c0;
  w1 = c1;
}

const TWO_POW_M24: f64 = 1.0 / 16777216.0;

/**
 * out[i] (float32) for this thread's share of [0, n): element i uses counter
 * offset + i, with offset = offHi · 2^32 + offLo. kind: 0 uniform, 1 normal, 2 bernoulli.
 */
export function random(kind: i32, key0: u32, key1: u32, offLo: u32, offHi: u32, a: f64, b: f64, out: usize, n: i32, tid: i32, nth: i32): void {
  const s = partStart(n, tid, nth);
  const e = partStart(n, tid + 1, nth);
  const base = ((<u64>offHi) << 32) | <u64>offLo;
  if (kind != NORMAL) {
    for (let i = s; i < e; i++) {
      const c = base + <u64>i;
      philox(<u32>c, <u32>(c >> 32), key0, key1);
      const u = <f64>(w0 >> 8) * TWO_POW_M24;
      const v = kind == UNIFORM ? a + (b - a) * u : u < a ? 1.0 : 0.0;
      store<f32>(out + (<usize>i << 2), <f32>v);
    }
    return;
  }
  // Normal (Box–Muller), four at a time through the vector log and cos.
  for (let i = s; i < e; i += 4) {
    let u1 = f32x4.splat(1);
    let u2 = f32x4.splat(0);
    for (let l: i64 = 0; l < 4; l++) {
      if (i + l >= e) break;
      const c = base + <u64>(i + l);
      philox(<u32>c, <u32>(c >> 32), key0, key1);
      const x1 = <f32>((w0 >> 8) + 1) * <f32>TWO_POW_M24;
      const x2 = <f32>(w1 >> 8) * <f32>TWO_POW_M24;
      if (l == 0) { u1 = f32x4.replace_lane(u1, 0, x1); u2 = f32x4.replace_lane(u2, 0, x2); }
      else if (l == 1) { u1 = f32x4.replace_lane(u1, 1, x1); u2 = f32x4.replace_lane(u2, 1, x2); }
      else if (l == 2) { u1 = f32x4.replace_lane(u1, 2, x1); u2 = f32x4.replace_lane(u2, 2, x2); }
      else { u1 = f32x4.replace_lane(u1, 3, x1); u2 = f32x4.replace_lane(u2, 3, x2); }
    }
    const radius = f32x4.sqrt(f32x4.mul(f32x4.splat(-2), vlog(u1)));
    const z = f32x4.mul(radius, vcos(f32x4.mul(u2, f32x4.splat(<f32>6.283185307179586))));
    for (let l: i64 = 0; l < 4; l++) {
      if (i + l >= e) break;
      const zl = l == 0 ? f32x4.extract_lane(z, 0) : l == 1 ? f32x4.extract_lane(z, 1) : l == 2 ? f32x4.extract_lane(z, 2) : f32x4.extract_lane(z, 3);
      store<f32>(out + (<usize>(i + l) << 2), <f32>(a + b * <f64>zl));
    }
  }
}
