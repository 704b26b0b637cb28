import { ShapeError } from '../errors.js';
import { apply } from '../engine/apply.js';
import { assertShape, broadcastsTo, fmtShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';
import { sumToShape } from './sum-to-shape.js';

/**
 * Broadcasts `x` to `shape` under NumPy rules (a copy).
 *
 * @example
 * ```ts
 * broadcastTo(tensor([1, 2]), [3, 2]); // [[1, 2], [1, 2], [1, 2]]
 * ```
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('broadcastTo', x, 'x');
  const target = assertShape(shape, 'broadcastTo');
  if (!broadcastsTo(x.shape, target)) {
    throw new ShapeError(`broadcastTo: a tensor of shape ${fmtShape(x.shape)} cannot be broadcast to ${fmtShape(target)}`);
  }
  if (shapesEqual(x.shape, target)) return reshape(x, target);
  const from = x.shape;
  return apply({
    op: 'broadcastTo',
    inputs: [x],
    shape: target,
    dtype: x.dtype,
    kernel: (k, [a], out) => k.expand(a, out),
    backward: (dy) => [sumToShape(dy, from)],
    save: [],
  });
}
