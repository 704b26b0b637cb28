import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from './reshape.js';
import { sum } from './reduce.js';

/**
 * Sums a broadcast result back to `shape` (the gradient of broadcasting).
 *
 * @example
 * ```ts
 * sumToShape(ones([4, 3]), [1, 3]); // [[4, 4, 4]]
 * ```
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return reshape(g, shape);
  const s = sum(g, axes);
  if (sizeOf(s.shape) === sizeOf(shape) && s.rank === shape.length) return s;
  const r = reshape(s, shape);
  s.dispose();
  return r;
}
