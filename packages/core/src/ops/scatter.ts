// Out-of-place torch.Tensor.scatter_add: x plus src summed at indices along
// an axis. Built on the contract's scatterAdd kernel over a flattened view,
// so the gradient w.r.t. src is the gather (takeAlongAxis) of dy.
import { DTypeError, ShapeError } from '../errors.js';
import { checkInputs } from '../engine/apply.js';
import { tidy } from '../engine/scope.js';
import { fmtShape, normalizeAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './binary.js';
import { checkTensor } from './check.js';
import { checkAlongShapes } from './gather.js';
import { scatterAddKernelOp } from './gather-scatter-kernels.js';
import { checkIndices } from './indexing-check.js';
import { flatOffsets } from './indexing-flat.js';
import { reshape } from './reshape.js';

/**
 * Returns `x` with `src` added at `indices` along `axis` (torch's
 * `x.scatter_add(axis, indices, src)`, out of place): for every position p of
 * indices, `out[p with p[axis] = indices[p]] += src[p]`. `indices` (int32) and
 * `src` have the same shape, the rank of x, and are no larger than x along
 * every dimension except `axis`. Repeated indices accumulate.
 *
 * @example
 * ```ts
 * scatterAdd(zeros([3]), 0, tensor(Int32Array.from([0, 2, 0])), tensor([1, 2, 3]));
 * // [4, 0, 2]
 * ```
 */
export function scatterAdd(x: Tensor, axis: number, indices: Tensor, src: Tensor): Tensor {
  checkTensor('scatterAdd', x, 'x');
  checkTensor('scatterAdd', indices, 'indices');
  checkTensor('scatterAdd', src, 'src');
  checkInputs('scatterAdd', [x, indices, src], ['x', 'indices', 'src']);
  const a = normalizeAxis(axis, x.rank, 'scatterAdd', 'axis');
  if (!shapesEqual(indices.shape, src.shape)) {
    throw new ShapeError(`scatterAdd: 'indices' ${fmtShape(indices.shape)} and 'src' ${fmtShape(src.shape)} must have the same shape`);
  }
  if (x.dtype === 'bool') throw new DTypeError(`scatterAdd: 'x' is bool ${fmtShape(x.shape)}; sums need float32 or int32`);
  if (src.dtype !== x.dtype) {
    throw new DTypeError(`scatterAdd: 'src' (${src.dtype}) must have the dtype of 'x' (${x.dtype})`);
  }
  checkAlongShapes('scatterAdd', x.shape, indices.shape, a, 'x');
  checkIndices('scatterAdd', indices, 'indices', x.shape[a], `x.shape[${a}] of x ${fmtShape(x.shape)}`);
  return tidy(() => {
    const offsets = flatOffsets(x.shape, indices, a);
    const scattered = scatterAddKernelOp(reshape(offsets, [offsets.size]), reshape(src, [src.size]), [x.size], 0);
    return add(x, reshape(scattered, x.shape));
  });
}
