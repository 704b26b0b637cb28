// The largest tensor Dendrite allocates. Checked before any allocation so a
// huge or non-finite size is refused with a typed error instead of escaping
// as a RangeError from a typed-array constructor, or silently taking
// gigabytes of host memory.
import { ValueError } from '../errors.js';
import { fmtShape } from '../shape.js';

/**
 * The most elements one tensor may hold: 2^31 - 1, the int32 index range
 * every backend's kernels address (and the largest typed array V8 allocates
 * on 32-bit-index paths). `zeros([2 ** 31])` is refused up front.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * Throws `ValueError` naming `op` and the shape unless a tensor of `shape`
 * can be allocated: every dimension a non-negative safe integer and the
 * element count at most `MAX_TENSOR_ELEMENTS`.
 *
 * @example
 * ```ts
 * checkAllocation('zeros', [2 ** 40]); // ValueError: zeros: a tensor of shape [1099511627776] ...
 * ```
 */
export function checkAllocation(op: string, shape: readonly number[]): void {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ValueError(`${op}: dimension ${d} of shape ${fmtShape(shape)} is not a non-negative integer`);
    n *= d;
  }
  if (n > MAX_TENSOR_ELEMENTS) {
    throw new ValueError(`${op}: a tensor of shape ${fmtShape(shape)} would hold ${n} elements, more than the limit of ${MAX_TENSOR_ELEMENTS} (MAX_TENSOR_ELEMENTS)`);
  }
}
