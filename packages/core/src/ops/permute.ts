import { ShapeError } from '../errors.js';
import { apply } from '../engine/apply.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';

/**
 * Reorders dimensions: `out.shape[i] = x.shape[perm[i]]` (negative axes allowed).
 *
 * @example
 * ```ts
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 * ```
 */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  checkTensor('permute', x, 'x');
  if (!Array.isArray(perm) || perm.length !== x.rank) {
    throw new ShapeError(`permute: argument 'perm' must list ${x.rank} axes for a tensor of rank ${x.rank}, got ${JSON.stringify(perm)}`);
  }
  const p = perm.map((a) => normalizeAxis(a, x.rank, 'permute', 'perm'));
  if (new Set(p).size !== p.length) throw new ShapeError(`permute: argument 'perm' ${JSON.stringify(perm)} repeats an axis`);
  if (p.every((a, i) => a === i)) return reshape(x, x.shape);
  const inverse = new Array<number>(p.length);
  p.forEach((a, i) => {
    inverse[a] = i;
  });
  // Moving only size-1 dimensions keeps the memory order: a free reshape.
  const moved = p.filter((a) => x.shape[a] !== 1);
  if (moved.every((a, i) => i === 0 || a > moved[i - 1])) return reshape(x, p.map((a) => x.shape[a]));
  return apply({
    op: 'permute',
    inputs: [x],
    shape: p.map((a) => x.shape[a]),
    dtype: x.dtype,
    kernel: (k, [a], out) => k.transpose(a, out, p),
    backward: (dy) => [permute(dy, inverse)],
    save: [],
  });
}

/**
 * Swaps two dimensions (the last two by default).
 *
 * @example
 * ```ts
 * transpose(zeros([2, 3])).shape; // [3, 2]
 * ```
 */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  checkTensor('transpose', x, 'x');
  if (x.rank < 2 && dim0 === -2 && dim1 === -1) return reshape(x, x.shape);
  const a = normalizeAxis(dim0, x.rank, 'transpose', 'dim0');
  const b = normalizeAxis(dim1, x.rank, 'transpose', 'dim1');
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}
