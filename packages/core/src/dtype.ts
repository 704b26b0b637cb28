import { DTypeError } from './errors.js';

/**
 * Element types a tensor can hold. `bool` is stored one byte per element.
 * `float16` (IEEE binary16) exists only on backends that list it in
 * `capabilities.dtypes`; on the host it travels as `Uint16Array` bit patterns
 * (see `encodeHalf`), and `data()` returns it decoded as a `Float32Array`.
 *
 * @example
 * ```ts
 * const d: DType = 'float32';
 * ```
 */
export type DType = 'float32' | 'float16' | 'int32' | 'bool';

/** All dtypes, in promotion order (lowest first). */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'float16', 'float32'];

/**
 * The typed array that stores a dtype at the backend boundary (`write`,
 * `read`): float16 as `Uint16Array` bit patterns.
 */
export type DataArray = Float32Array | Int32Array | Uint8Array | Uint16Array;

/** Typed array for each dtype at the backend boundary. */
export interface DataArrayFor {
  /** float32 data. */
  float32: Float32Array;
  /** float16 data as binary16 bit patterns. */
  float16: Uint16Array;
  /** int32 data. */
  int32: Int32Array;
  /** bool data as 0/1 bytes. */
  bool: Uint8Array;
}

/**
 * Whether a dtype holds floating-point values (float16 or float32): the
 * dtypes that can require gradients.
 *
 * @example
 * ```ts
 * isFloatDType('float16'); // true
 * isFloatDType('int32'); // false
 * ```
 */
export function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16';
}

/**
 * Bytes per element of a dtype.
 *
 * @example
 * ```ts
 * bytesPerElement('float32'); // 4
 * ```
 */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : dtype === 'float16' ? 2 : 4;
}

/**
 * A new zero-filled host array for `size` elements of `dtype`.
 *
 * @example
 * ```ts
 * makeArray('int32', 3); // Int32Array [0, 0, 0]
 * ```
 */
export function makeArray(dtype: DType, size: number): DataArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float16':
      return new Uint16Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    default:
      throw new DTypeError(`makeArray: unknown dtype '${String(dtype)}'`);
  }
}

/** The dtype stored by a typed array. */
export function dtypeOfArray(a: DataArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint16Array) return 'float16';
  return 'bool';
}

/**
 * The result dtype of an arithmetic op on two dtypes (bool < int32 < float16 <
 * float32), as PyTorch's type promotion does for these types.
 *
 * @example
 * ```ts
 * promoteTypes('int32', 'float32'); // 'float32'
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return DTYPES.indexOf(a) >= DTYPES.indexOf(b) ? a : b;
}

/** Throws `DTypeError` unless `value` is a known dtype. */
export function assertDType(value: unknown, op: string, arg = 'dtype'): DType {
  if (value === 'float32' || value === 'float16' || value === 'int32' || value === 'bool') return value;
  throw new DTypeError(`${op}: argument '${arg}' must be 'float32', 'float16', 'int32' or 'bool', got ${JSON.stringify(value)}`);
}
