// Rank-changing views: flatten, squeeze, unsqueeze. All three are free
// reshapes (no copy), so their gradient is the reshape back.
import { ShapeError, ValueError } from '../errors.js';
import { fmtShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';

/**
 * Merges dimensions `startDim..endDim` (inclusive, negative allowed) into one.
 * A scalar flattens to shape [1], as in PyTorch.
 *
 * @example
 * ```ts
 * flatten(zeros([2, 3, 4]), 1).shape; // [2, 12]
 * flatten(zeros([2, 3, 4])).shape; // [24]
 * ```
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor('flatten', x, 'x');
  if (x.rank === 0) return reshape(x, [1]);
  const start = normalizeAxis(startDim, x.rank, 'flatten', 'startDim');
  const end = normalizeAxis(endDim, x.rank, 'flatten', 'endDim');
  if (start > end) {
    throw new ShapeError(`flatten: 'startDim' (${startDim} → ${start}) must not come after 'endDim' (${endDim} → ${end}) for a tensor of shape ${fmtShape(x.shape)}`);
  }
  const merged = x.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/**
 * Removes size-1 dimensions: all of them when `axis` is omitted, otherwise
 * the named ones, which must have size 1 (unlike PyTorch, naming a larger
 * dimension is an error rather than a silent no-op).
 *
 * @example
 * ```ts
 * squeeze(zeros([1, 3, 1])).shape; // [3]
 * squeeze(zeros([1, 3, 1]), -1).shape; // [1, 3]
 * ```
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  checkTensor('squeeze', x, 'x');
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!Array.isArray(list)) throw new ValueError(`squeeze: argument 'axis' must be a number or an array of numbers, got ${JSON.stringify(axis)}`);
  const axes = new Set(list.map((a) => normalizeAxis(a, x.rank, 'squeeze', 'axis')));
  for (const a of axes) {
    if (x.shape[a] !== 1) {
      throw new ShapeError(`squeeze: dimension ${a} of a tensor of shape ${fmtShape(x.shape)} has size ${x.shape[a]}, only size-1 dimensions can be squeezed`);
    }
  }
  return reshape(x, x.shape.filter((_, i) => !axes.has(i)));
}

/**
 * Inserts a size-1 dimension at `axis` (in `-(rank + 1)..rank`).
 *
 * @example
 * ```ts
 * unsqueeze(zeros([2, 3]), 1).shape; // [2, 1, 3]
 * unsqueeze(zeros([2, 3]), -1).shape; // [2, 3, 1]
 * ```
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  checkTensor('unsqueeze', x, 'x');
  if (!Number.isInteger(axis) || axis < -(x.rank + 1) || axis > x.rank) {
    throw new ShapeError(`unsqueeze: argument 'axis' = ${axis} is out of range for a tensor of shape ${fmtShape(x.shape)} (valid: ${-(x.rank + 1)}..${x.rank})`);
  }
  const a = axis < 0 ? axis + x.rank + 1 : axis;
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}
