// Reversal along axes: a strided slice with step -1, whose gradient is the
// same flip of dy.
import { ValueError } from '../errors.js';
import { normalizeAxes } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';
import { stridedSliceOp } from './strided-slice.js';

/**
 * Reverses the order of elements along `axes` (negative allowed).
 *
 * @example
 * ```ts
 * flip(tensor([[1, 2], [3, 4]]), 1); // [[2, 1], [4, 3]]
 * flip(tensor([[1, 2], [3, 4]]), [0, 1]); // [[4, 3], [2, 1]]
 * ```
 */
export function flip(x: Tensor, axes: number | readonly number[]): Tensor {
  checkTensor('flip', x, 'x');
  if (axes === undefined || axes === null) throw new ValueError(`flip: argument 'axes' is required (a number or an array of numbers) for x of rank ${x.rank}`);
  const list = normalizeAxes(axes, x.rank, 'flip');
  // Reversing length-0/1 dimensions changes nothing: a free view.
  if (list.every((a) => x.shape[a] <= 1)) return reshape(x, x.shape);
  const begin = x.shape.map((d, i) => (list.includes(i) ? d - 1 : 0));
  const step = x.shape.map((_, i) => (list.includes(i) ? -1 : 1));
  return stridedSliceOp(x, begin, x.shape, step);
}
