// Index-based selection: gather (tf.gather), indexSelect (torch.index_select)
// and takeAlongAxis (torch.gather / np.take_along_axis). All run the
// contract's gather kernel, whose gradient is its adjoint scatterAdd.
import { ShapeError } from '../errors.js';
import { checkInputs } from '../engine/apply.js';
import { tidy } from '../engine/scope.js';
import { fmtShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { gatherKernelOp } from './gather-scatter-kernels.js';
import { checkIndices } from './indexing-check.js';
import { flatOffsets } from './indexing-flat.js';
import { reshape } from './reshape.js';

/**
 * Picks slices of `x` along `axis` at `indices` (int32, any shape):
 * `out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]` (tf.gather).
 * Indices must lie in `0..x.shape[axis]-1`.
 *
 * @example
 * ```ts
 * gather(tensor([[1, 2], [3, 4], [5, 6]]), tensor(Int32Array.from([2, 0])));
 * // [[5, 6], [1, 2]]
 * ```
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  checkTensor('gather', x, 'x');
  checkTensor('gather', indices, 'indices');
  checkInputs('gather', [x, indices], ['x', 'indices']);
  const a = normalizeAxis(axis, x.rank, 'gather', 'axis');
  checkIndices('gather', indices, 'indices', x.shape[a], `x.shape[${a}] of x ${fmtShape(x.shape)}`);
  return gatherKernelOp(x, indices, a);
}

/**
 * Selects entries along `axis` at a 1-D int32 `indices` (torch.index_select):
 * the output has x's rank, with `indices.length` along `axis`.
 *
 * @example
 * ```ts
 * indexSelect(tensor([[1, 2, 3], [4, 5, 6]]), 1, tensor(Int32Array.from([2, 2, 0])));
 * // [[3, 3, 1], [6, 6, 4]]
 * ```
 */
export function indexSelect(x: Tensor, axis: number, indices: Tensor): Tensor {
  checkTensor('indexSelect', x, 'x');
  checkTensor('indexSelect', indices, 'indices');
  if (indices.rank !== 1) {
    throw new ShapeError(`indexSelect: argument 'indices' must be 1-D, got shape ${fmtShape(indices.shape)}`);
  }
  checkInputs('indexSelect', [x, indices], ['x', 'indices']);
  const a = normalizeAxis(axis, x.rank, 'indexSelect', 'axis');
  checkIndices('indexSelect', indices, 'indices', x.shape[a], `x.shape[${a}] of x ${fmtShape(x.shape)}`);
  return gatherKernelOp(x, indices, a);
}

/**
 * torch.gather semantics: `out[p] = x[p with p[axis] replaced by indices[p]]`.
 * `indices` (int32) has x's rank and `indices.shape[d] <= x.shape[d]` for
 * every `d ≠ axis`; the output has indices' shape.
 *
 * @example
 * ```ts
 * takeAlongAxis(tensor([[1, 2], [3, 4]]), tensor(Int32Array.from([1, 0, 0, 0]), [2, 2]), 1);
 * // [[2, 1], [3, 3]]
 * ```
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number): Tensor {
  checkTensor('takeAlongAxis', x, 'x');
  checkTensor('takeAlongAxis', indices, 'indices');
  checkInputs('takeAlongAxis', [x, indices], ['x', 'indices']);
  const a = normalizeAxis(axis, x.rank, 'takeAlongAxis', 'axis');
  checkAlongShapes('takeAlongAxis', x.shape, indices.shape, a, 'x');
  checkIndices('takeAlongAxis', indices, 'indices', x.shape[a], `x.shape[${a}] of x ${fmtShape(x.shape)}`);
  return tidy(() => gatherKernelOp(reshape(x, [x.size]), flatOffsets(x.shape, indices, a), 0));
}

/**
 * Throws `ShapeError` unless `indices` has the rank of `target` and fits in
 * it along every dimension but `axis` (torch.gather / scatter_add rules).
 *
 * @example
 * ```ts
 * checkAlongShapes('takeAlongAxis', [2, 3], [2, 5], 1, 'x'); // ok
 * ```
 */
export function checkAlongShapes(op: string, target: readonly number[], indices: readonly number[], axis: number, targetName: string): void {
  if (indices.length !== target.length || indices.some((d, i) => i !== axis && d > target[i])) {
    throw new ShapeError(
      `${op}: 'indices' ${fmtShape(indices)} must have the rank of '${targetName}' ${fmtShape(target)} and be no larger along every dimension except axis ${axis}`,
    );
  }
}
