// How a JS number lands in each dtype, in one place so every kernel stores
// results the same way.
import type { DataArray, DType } from '../dtype.js';
import { roundToHalf } from '../half.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Float → int32 as C's truncation toward zero, saturating at the int32 range
 * (NaN → 0), as WASM `trunc_sat`, WGSL and CUDA conversions do.
 *
 * @example
 * ```ts
 * truncToInt32(-1.7); // -1
 * ```
 */
export function truncToInt32(v: number): number {
  if (Number.isNaN(v)) return 0;
  if (v <= INT32_MIN) return INT32_MIN;
  if (v >= INT32_MAX) return INT32_MAX;
  return Math.trunc(v);
}

/**
 * The stored form of a number in `dtype`: float32 and float16 round to nearest, int32
 * truncates toward zero (saturating) and bool is `v != 0` (NaN is true, as in C).
 * Integer arithmetic wraps before it gets here (see `wrapInt32`).
 *
 * @example
 * ```ts
 * toDType(2.5, 'bool'); // 1
 * ```
 */
export function toDType(v: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(v);
  if (dtype === 'float16') return roundToHalf(v);
  if (dtype === 'int32') return truncToInt32(v);
  return v !== 0 ? 1 : 0;
}

/**
 * An integer result reduced modulo 2^32 into the int32 range (two's complement wrap).
 *
 * @example
 * ```ts
 * wrapInt32(2 ** 31); // -2147483648
 * ```
 */
export function wrapInt32(v: number): number {
  return v | 0;
}

/**
 * Stores `v` at `data[i]` converted to `dtype` (see `toDType`).
 *
 * @example
 * ```ts
 * storeAs(out, 0, 3.7, 'int32'); // out[0] = 3
 * ```
 */
export function storeAs(data: DataArray, i: number, v: number, dtype: DType): void {
  data[i] = toDType(v, dtype);
}
