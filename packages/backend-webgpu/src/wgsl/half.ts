// float16 in WGSL: kernels compute in f32 and round once when they store a
// half. WGSL leaves the rounding of f16(x) to the implementation (either
// neighbour) and makes out-of-range values indeterminate, so the rounding is
// done here on the bits: nearest, ties to even, beyond 65504 to ±Inf, NaN to
// the quiet NaN 0x7e00, subnormals kept (as core's `toHalfBits`).
import type { DType } from '@dendrite/core';

/**
 * WGSL `halfBits(v: f32) -> u32` (the binary16 pattern nearest to v) and
 * `toF16(v: f32) -> f16` (that half as a value); only for shaders that use
 * f16 (the runtime then enables it).
 *
 * @example
 * ```ts
 * const code = `${PRELUDE}${HALF}\n... out[i] = toF16(r); ...`;
 * ```
 */
export const HALF = /* wgsl */ `
fn halfBits(v: f32) -> u32 {
  let b = bitcast<u32>(v);
  let sign = (b >> 16u) & 0x8000u;
  let a = b & 0x7fffffffu;
  if (a > 0x7f800000u) { return sign | 0x7e00u; }
  // 65520 (0x477ff000) is halfway from 65504 to 2^16: it and above round to Inf.
  if (a >= 0x477ff000u) { return sign | 0x7c00u; }
  if (a >= 0x38800000u) {
    // Normal half: rebias the exponent by 112 and drop 13 mantissa bits, ties to even.
    let m = a - 0x38000000u;
    return sign | ((m + 0xfffu + ((m >> 13u) & 1u)) >> 13u);
  }
  let e = a >> 23u;
  // Below 2^-25 (or exactly it, a tie) rounds to zero.
  if (e < 102u) { return sign; }
  // Subnormal half: the 24-bit significand in units of 2^-24 is significand >> (126 - e).
  let sig = (a & 0x7fffffu) | 0x800000u;
  let shift = 126u - e;
  let q = sig >> shift;
  let rem = sig & ((1u << shift) - 1u);
  let mid = 1u << (shift - 1u);
  return sign | (q + select(0u, 1u, rem > mid || (rem == mid && (q & 1u) == 1u)));
}
fn toF16(v: f32) -> f16 { return bitcast<vec2<f16>>(halfBits(v)).x; }
`;

/**
 * WGSL that stores f32 expression `r` as an element of `dtype` when that
 * dtype is float (float32 as is, float16 through `toF16`, which needs HALF).
 *
 * @example
 * ```ts
 * storeFloat('acc', 'float16'); // 'toF16(acc)'
 * ```
 */
export function storeFloat(r: string, dtype: DType): string {
  return dtype === 'float16' ? `toF16(${r})` : r;
}

/**
 * HALF when any of `dtypes` is float16, otherwise nothing (a shader without
 * f16 must compile on devices that lack shader-f16).
 *
 * @example
 * ```ts
 * const code = `${PRELUDE}${halfHelpers([x.dtype, out.dtype])}...`;
 * ```
 */
export function halfHelpers(dtypes: readonly DType[]): string {
  return dtypes.includes('float16') ? HALF : '';
}

/**
 * WGSL that stores f32 expression `r` into an array of WGSL storage type `st`
 * ('f32', 'f16', 'i32'): halves go through `toF16` (include `halfForStorage(st)`).
 *
 * @example
 * ```ts
 * storeAsStorage('f16', 'acc'); // 'toF16(acc)'
 * storeAsStorage('f32', 'acc'); // 'f32(acc)'
 * ```
 */
export function storeAsStorage(st: string, r: string): string {
  return st === 'f16' ? `toF16(${r})` : `${st}(${r})`;
}

/**
 * HALF for shaders whose storage type `st` is 'f16', otherwise nothing.
 *
 * @example
 * ```ts
 * const decls = `${halfForStorage(st)}@group(0) @binding(1) var<storage, read_write> C: array<${st}>;`;
 * ```
 */
export function halfForStorage(st: string): string {
  return st === 'f16' ? HALF : '';
}
