import { DTypeError } from './errors.js';

/**
 * Element types a tensor can hold. `bool` is stored one byte per element.
 *
 * @example
 * ```ts
 * const d: DType = 'float32';
 * ```
 */
export type DType = 'float32' | 'int32' | 'bool';

/** All dtypes, in promotion order (lowest first). */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32'];

/** The typed array that stores a dtype on the host. */
export type DataArray = Float32Array | Int32Array | Uint8Array;

/** Typed array for each dtype. */
export interface DataArrayFor {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
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
  return dtype === 'bool' ? 1 : 4;
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
  return 'bool';
}

/**
 * The result dtype of an arithmetic op on two dtypes (bool < int32 < float32),
 * as PyTorch's type promotion does for these three types.
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
  if (value === 'float32' || value === 'int32' || value === 'bool') return value;
  throw new DTypeError(`${op}: argument '${arg}' must be 'float32', 'int32' or 'bool', got ${JSON.stringify(value)}`);
}
