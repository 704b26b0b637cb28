// Cutting a tensor into pieces along an axis: split (by chunk size or by
// explicit sizes), chunk (into a number of near-equal pieces) and unstack
// (into its slices). Each piece is a slice, so gradients flow per piece.
import { ShapeError, ValueError } from '../errors.js';
import { tidy } from '../engine/scope.js';
import { fmtShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { sliceAxis } from './slice.js';
import { squeeze } from './squeeze.js';

function cut(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  let offset = 0;
  return sizes.map((s) => {
    const piece = sliceAxis(x, axis, offset, offset + s);
    offset += s;
    return piece;
  });
}

/**
 * Splits `x` along `axis` (torch.split): a number is the size of every piece
 * (the last may be smaller); an array lists the sizes, which must sum to the
 * dimension.
 *
 * @example
 * ```ts
 * split(arange(5), 2).map((t) => t.shape[0]); // [2, 2, 1]
 * split(zeros([2, 6]), [1, 5], 1).map((t) => t.shape); // [[2, 1], [2, 5]]
 * ```
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], axis = 0): Tensor[] {
  checkTensor('split', x, 'x');
  const a = normalizeAxis(axis, x.rank, 'split', 'axis');
  const n = x.shape[a];
  if (typeof sizeOrSections === 'number') {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) {
      throw new ValueError(`split: a piece size must be a positive integer, got ${sizeOrSections} (x ${fmtShape(x.shape)})`);
    }
    const count = Math.max(1, Math.ceil(n / sizeOrSections));
    const sizes = Array.from({ length: count }, (_, i) => Math.min(sizeOrSections, n - i * sizeOrSections));
    return cut(x, sizes, a);
  }
  if (!Array.isArray(sizeOrSections) || !sizeOrSections.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new ValueError(`split: 'sizeOrSections' must be a positive integer or an array of non-negative integers, got ${JSON.stringify(sizeOrSections)}`);
  }
  const total = sizeOrSections.reduce((s, e) => s + e, 0);
  if (total !== n) {
    throw new ShapeError(`split: sizes ${JSON.stringify(sizeOrSections)} sum to ${total} but dimension ${a} of x ${fmtShape(x.shape)} has size ${n}`);
  }
  return cut(x, sizeOrSections, a);
}

/**
 * Splits `x` into at most `chunks` pieces of size `ceil(n / chunks)` along
 * `axis` (torch.chunk: the last piece may be smaller, and fewer pieces come
 * back when the dimension is too short to fill them all).
 *
 * @example
 * ```ts
 * chunk(arange(5), 3).map((t) => t.shape[0]); // [2, 2, 1]
 * chunk(arange(6), 4).map((t) => t.shape[0]); // [2, 2, 2]
 * ```
 */
export function chunk(x: Tensor, chunks: number, axis = 0): Tensor[] {
  checkTensor('chunk', x, 'x');
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError(`chunk: argument 'chunks' must be a positive integer, got ${chunks} (x ${fmtShape(x.shape)})`);
  const a = normalizeAxis(axis, x.rank, 'chunk', 'axis');
  return split(x, Math.max(1, Math.ceil(x.shape[a] / chunks)), a);
}

/**
 * The slices of `x` along `axis`, each without that axis (the inverse of `stack`).
 *
 * @example
 * ```ts
 * unstack(tensor([[1, 2], [3, 4]]), 1); // [tensor([1, 3]), tensor([2, 4])]
 * ```
 */
export function unstack(x: Tensor, axis = 0): Tensor[] {
  checkTensor('unstack', x, 'x');
  const a = normalizeAxis(axis, x.rank, 'unstack', 'axis');
  return tidy(() => cut(x, new Array<number>(x.shape[a]).fill(1), a).map((t) => squeeze(t, a)));
}
