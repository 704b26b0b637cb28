// Repetition: tile (whole-tensor copies per dimension, np.tile) and
// repeatInterleave (each element repeated in place). Both are a broadcast
// of a reshaped view, so their gradient is the broadcast's sum.
import { ValueError } from '../errors.js';
import { tidy } from '../engine/scope.js';
import { fmtShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastTo } from './broadcast.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';

/**
 * Repeats `x` `reps[d]` times along each dimension (np.tile / torch.tile):
 * when `reps` is shorter than the rank it is padded with leading 1s, when
 * longer, x gains leading size-1 dimensions.
 *
 * @example
 * ```ts
 * tile(tensor([1, 2]), [2]); // [1, 2, 1, 2]
 * tile(tensor([1, 2]), [2, 1]); // [[1, 2], [1, 2]]
 * ```
 */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  checkTensor('tile', x, 'x');
  if (!Array.isArray(reps) || !reps.every((r) => Number.isInteger(r) && r >= 0)) {
    throw new ValueError(`tile: argument 'reps' must be an array of non-negative integers, got ${JSON.stringify(reps)} (x ${fmtShape(x.shape)})`);
  }
  const rank = Math.max(x.rank, reps.length);
  const shape = [...new Array<number>(rank - x.rank).fill(1), ...x.shape];
  const r = [...new Array<number>(rank - reps.length).fill(1), ...reps];
  const target = shape.map((d, i) => d * r[i]);
  return tidy(() => {
    // [r0, s0, r1, s1, ...] broadcast from [1, s0, 1, s1, ...], then merged pairwise.
    const spread = reshape(x, shape.flatMap((d) => [1, d]));
    return reshape(broadcastTo(spread, shape.flatMap((d, i) => [r[i], d])), target);
  });
}

/**
 * Repeats each element `repeats` times along `axis` (torch.repeat_interleave
 * with a scalar count); without an axis, x is flattened first.
 *
 * @example
 * ```ts
 * repeatInterleave(tensor([1, 2]), 2); // [1, 1, 2, 2]
 * repeatInterleave(tensor([[1, 2], [3, 4]]), 2, 0); // [[1, 2], [1, 2], [3, 4], [3, 4]]
 * ```
 */
export function repeatInterleave(x: Tensor, repeats: number, axis?: number): Tensor {
  checkTensor('repeatInterleave', x, 'x');
  if (!Number.isInteger(repeats) || repeats < 0) {
    throw new ValueError(`repeatInterleave: argument 'repeats' must be a non-negative integer, got ${repeats} (x ${fmtShape(x.shape)})`);
  }
  return tidy(() => {
    const src = axis === undefined ? reshape(x, [x.size]) : x;
    const a = normalizeAxis(axis ?? 0, src.rank, 'repeatInterleave', 'axis');
    const head = src.shape.slice(0, a + 1);
    const tail = src.shape.slice(a + 1);
    const spread = broadcastTo(reshape(src, [...head, 1, ...tail]), [...head, repeats, ...tail]);
    return reshape(spread, [...src.shape.slice(0, a), src.shape[a] * repeats, ...tail]);
  });
}
