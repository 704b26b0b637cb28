// Host-side conversion of a JS number to the bits a dtype stores, with the
// contract's rules (float→int truncates and saturates, NaN→0; bool is x≠0;
// float16 is the nearest half, ties to even).
import { type DType, toHalfBits } from '@dendrite/core';

const view = new DataView(new ArrayBuffer(4));

/**
 * The stored bit pattern of `value` in `dtype`.
 *
 * @example
 * ```ts
 * toDTypeBits(1, 'float32'); // 0x3f800000
 * toDTypeBits(-7.9, 'int32'); // 0xfffffff9 (-7)
 * toDTypeBits(1, 'float16'); // 0x3c00 (16 bits)
 * ```
 */
export function toDTypeBits(value: number, dtype: DType): number {
  if (dtype === 'float16') return toHalfBits(value);
  if (dtype === 'float32') {
    view.setFloat32(0, value, true);
    return view.getUint32(0, true);
  }
  if (dtype === 'int32') {
    if (Number.isNaN(value)) return 0;
    const t = Math.max(-2147483648, Math.min(2147483647, Math.trunc(value)));
    return t >>> 0;
  }
  return value !== 0 ? 1 : 0;
}
