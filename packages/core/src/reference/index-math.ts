// Index arithmetic shared by the reference kernels: multi-indices of
// row-major tensors and the offsets of broadcast inputs.
import type { Shape } from '../shape.js';
import { sizeOf, stridesOf } from '../shape.js';

/**
 * Writes the multi-index of flat position `flat` in a row-major `shape` into `out`.
 *
 * @example
 * ```ts
 * unravel(5, [2, 3], [0, 0]); // [1, 2]
 * ```
 */
export function unravel(flat: number, shape: Shape, out: number[] = new Array<number>(shape.length)): number[] {
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    out[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return out;
}

/**
 * For every position of `outShape`, the flat offset of the element of an
 * input of `inShape` that NumPy broadcasting reads there (missing leading
 * dims and size-1 dims repeat).
 *
 * @example
 * ```ts
 * broadcastOffsets([3], [2, 3]); // [0, 1, 2, 0, 1, 2]
 * ```
 */
export function broadcastOffsets(inShape: Shape, outShape: Shape): Float64Array {
  const lead = outShape.length - inShape.length;
  const inStrides = stridesOf(inShape);
  // Stride of each output dim in the input; 0 where the input repeats.
  const strides = outShape.map((_, d) => (d < lead || inShape[d - lead] === 1 ? 0 : inStrides[d - lead]));
  const n = sizeOf(outShape);
  const offsets = new Float64Array(n);
  const idx = new Array<number>(outShape.length);
  for (let i = 0; i < n; i++) {
    unravel(i, outShape, idx);
    let off = 0;
    for (let d = 0; d < idx.length; d++) off += idx[d] * strides[d];
    offsets[i] = off;
  }
  return offsets;
}

/**
 * The flat offset of a multi-index given row-major strides.
 *
 * @example
 * ```ts
 * ravel([1, 2], [3, 1]); // 5
 * ```
 */
export function ravel(idx: readonly number[], strides: readonly number[]): number {
  let off = 0;
  for (let d = 0; d < idx.length; d++) off += idx[d] * strides[d];
  return off;
}
