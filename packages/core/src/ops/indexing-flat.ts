// Flat offsets for the torch.gather-style ops (takeAlongAxis, scatterAdd):
// an index tensor shaped like the output picks, along one axis, from a
// tensor whose other coordinates are the output's own.
import { tidy } from '../engine/scope.js';
import { stridesOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, ge, logicalAnd, lt, mul, where } from './binary.js';
import { canCheckIndices } from './indexing-check.js';
import { indexTensorOn } from './indexing-host.js';

/**
 * Offsets into a flattened tensor of shape `xShape`: for each position p of
 * `indices`, `indices[p] * stride[axis] + Σ_{d ≠ axis} p[d] * stride[d]`.
 * Requires `indices.shape[d] <= xShape[d]` for `d ≠ axis` (checked by callers).
 * An index outside `0..xShape[axis]-1` (possible only on backends that cannot
 * be range-checked synchronously) gets offset -1, which the gather kernel reads
 * as 0 and scatterAdd skips, instead of aliasing another row's element.
 *
 * @example
 * ```ts
 * const flat = flatOffsets([2, 3], idx, 1); // idx [2, 2] → offsets into 6 elements
 * ```
 */
export function flatOffsets(xShape: readonly number[], indices: Tensor, axis: number): Tensor {
  const strides = stridesOf(xShape);
  const shape = indices.shape;
  const base = new Int32Array(indices.size);
  // Walk the index positions in row-major order, keeping their coordinates.
  const coord = new Array<number>(shape.length).fill(0);
  let offset = 0;
  for (let p = 0; p < base.length; p++) {
    base[p] = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      const step = d === axis ? 0 : strides[d];
      if (++coord[d] < shape[d]) {
        offset += step;
        break;
      }
      offset -= step * (coord[d] - 1);
      coord[d] = 0;
    }
  }
  return tidy(() => {
    const offsets = add(mul(indices, strides[axis]), indexTensorOn(indices.backendImpl, base, shape));
    if (canCheckIndices(indices.backendImpl)) return offsets; // checkIndices already rejected bad indices
    return where(logicalAnd(ge(indices, 0), lt(indices, xShape[axis])), offsets, -1);
  });
}
