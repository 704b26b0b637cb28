// Joining same-shaped tensors along a new axis: concat of unsqueezed views,
// so the gradient (an unstack of dy) comes from concat's.
import { ShapeError } from '../errors.js';
import { tidy } from '../engine/scope.js';
import { fmtShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensorList, concat } from './concat.js';
import { unsqueeze } from './squeeze.js';

/**
 * Joins same-shaped tensors along a new `axis` (in `-(rank + 1)..rank`).
 *
 * @example
 * ```ts
 * stack([tensor([1, 2]), tensor([3, 4])]); // [[1, 2], [3, 4]]
 * stack([tensor([1, 2]), tensor([3, 4])], 1); // [[1, 3], [2, 4]]
 * ```
 */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  checkTensorList('stack', xs);
  xs.forEach((t, i) => {
    if (!shapesEqual(t.shape, xs[0].shape)) {
      throw new ShapeError(`stack: xs[${i}] ${fmtShape(t.shape)} must have the shape of xs[0] ${fmtShape(xs[0].shape)}`);
    }
  });
  const rank = xs[0].rank;
  if (!Number.isInteger(axis) || axis < -(rank + 1) || axis > rank) {
    throw new ShapeError(`stack: argument 'axis' = ${axis} is out of range for stacking tensors of shape ${fmtShape(xs[0].shape)} (valid: ${-(rank + 1)}..${rank})`);
  }
  return tidy(() => concat(xs.map((t) => unsqueeze(t, axis)), axis));
}
