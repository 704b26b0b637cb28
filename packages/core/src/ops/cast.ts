import { assertDType, type DType, isFloatDType } from '../dtype.js';
import { apply } from '../engine/apply.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';

/**
 * Converts to another dtype (float→int truncates toward zero; to bool: x ≠ 0).
 * Gradients flow between float dtypes (float32 ↔ float16) only.
 *
 * @example
 * ```ts
 * cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 * ```
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkTensor('cast', x, 'x');
  assertDType(dtype, 'cast');
  return apply({
    op: 'cast',
    inputs: [x],
    shape: x.shape,
    dtype,
    kernel: (k, [a], out) => k.cast(a, out),
    // Between float dtypes the gradient flows back, cast to the input's dtype.
    backward: isFloatDType(dtype) && isFloatDType(x.dtype) ? (dy) => [dy.dtype === x.dtype ? dy : cast(dy, x.dtype)] : undefined,
    save: [],
  });
}
