// The counter-based random kernel: Philox4x32-10 in u32 arithmetic (the high
// half of a 32×32 product built from 16-bit halves, as core's philox.ts does),
// so the bits match the core reference on every backend.
//
// WGSL has no float64, so uniform's `a + (b − a)·u` (which the reference
// computes in float64, then rounds once to float32) is evaluated from exact
// pieces: (b − a) is split on the host into 12-bit-mantissa float32 parts and
// u's 24-bit integer into two 12-bit halves, so every partial product is exact
// in float32; the parts are summed with error-free TwoSum and rounded once.
// Bernoulli compares the 24-bit integer against an integer threshold computed
// on the host, so it is exact too. Normal uses float32 log/cos/sqrt.
// float16 draws are those float32 values rounded once to half (as the
// reference rounds its float32 result).
import { type DType, DTypeError, type RandomAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { halfHelpers, storeFloat } from '../wgsl/half.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

const KIND = { uniform: 0, normal: 1, bernoulli: 2 } as const;
/** Parts of (b − a) with at most 12 significant bits each: 5 × 12 ≥ 53 bits. */
const D_PARTS = 5;

const randomShader = (dt: DType): string => `${PRELUDE}${halfHelpers([dt])}
@group(0) @binding(1) var<storage, read_write> out: array<${storageType(dt)}>;
fn put(i: u32, v: f32) { out[i] = ${storeFloat('v', dt)}; }
fn mulhi(a: u32, b: u32) -> u32 {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}
fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u); }
    let hi0 = mulhi(0xd2511f53u, c.x);
    let lo0 = 0xd2511f53u * c.x;
    let hi1 = mulhi(0xcd9e8d57u, c.z);
    let lo1 = 0xcd9e8d57u * c.z;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}
// A value the compiler cannot see through (P[0] = n is never 0 here), so it
// cannot rewrite (a + b) - a into b: Vulkan compilers reassociate float math.
fn opaque(x: f32) -> f32 { return select(x, 0.0, P[0] == 0u); }
// Knuth's TwoSum: s + e equals a + b exactly.
fn twoSum(a: f32, b: f32) -> vec2<f32> {
  let s = opaque(a + b);
  let bb = opaque(s - a);
  let e = (a - (s - bb)) + (b - bb);
  return vec2<f32>(s, e);
}
${MAIN_1D}
  // P: n, kind, key0, key1, offLo, offHi, a1, a2, a3, b(normal), threshold(bernoulli), dParts[${D_PARTS}]
  let lo = P[4] + i;
  let hi = P[5] + select(0u, 1u, lo < i);
  let w = philox(vec4<u32>(lo, hi, 0u, 0u), vec2<u32>(P[2], P[3]));
  let k = w.x >> 8u;
  let kind = P[1];
  if (kind == 2u) {
    put(i, select(0.0, 1.0, k < P[10]));
    return;
  }
  if (kind == 1u) {
    let u1 = f32(k + 1u) * (1.0 / 16777216.0);
    let u2 = f32(w.y >> 8u) * (1.0 / 16777216.0);
    put(i, pf(6) + pf(9) * sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
    return;
  }
  let kh = f32(k >> 12u) * (1.0 / 4096.0);
  let kl = f32(k & 0xfffu) * (1.0 / 16777216.0);
  var acc = twoSum(pf(6), pf(7));
  var err = acc.y;
  var t = twoSum(acc.x, pf(8));
  err += t.y;
  for (var j = 0u; j < ${D_PARTS}u; j++) {
    let d = pf(11u + j);
    t = twoSum(t.x, d * kh);
    err += t.y;
    t = twoSum(t.x, d * kl);
    err += t.y;
  }
  put(i, t.x + err);
}`;

/** `x` rounded to 12 significant bits (exact in float32 and in products with 12-bit integers). */
function round12(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 2 ** (Math.floor(Math.log2(Math.abs(x))) - 11);
  return Math.round(x / scale) * scale;
}

/** Splits a float64 into `parts` float32-exact pieces of ≤ 12 significant bits that sum to it. */
function split12(x: number, parts: number): number[] {
  const out: number[] = [];
  let rest = x;
  for (let j = 0; j < parts; j++) {
    const piece = round12(rest);
    out.push(piece);
    rest -= piece;
  }
  return out;
}

/** The contract's `random` kernel; see RandomAttrs. */
export function random(rt: GPURuntime, out: TensorInfo, attrs: RandomAttrs): void {
  if (out.dtype !== 'float32' && out.dtype !== 'float16') throw new DTypeError(`webgpu random: out must be float32 or float16, got ${out.dtype}`);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const { a, b } = attrs;
  const a1 = Math.fround(a);
  const a2 = Math.fround(a - a1);
  const a3 = Math.fround(a - a1 - a2);
  const threshold = Number.isNaN(a) ? 0 : Math.min(16777216, Math.max(0, Math.ceil(a * 16777216)));
  const p = new Params()
    .u32(n)
    .u32(KIND[attrs.kind])
    .u32(attrs.key0)
    .u32(attrs.key1)
    .u32(attrs.offset % 4294967296)
    .u32(Math.floor(attrs.offset / 4294967296))
    .f32(a1)
    .f32(a2)
    .f32(a3)
    .f32(b)
    .u32(threshold);
  for (const d of split12(b - a, D_PARTS)) p.f32(d);
  rt.dispatch(randomShader(out.dtype), [bufferOf(out, 'random', 'out')], p.words(), rt.grid1d(n));
}
