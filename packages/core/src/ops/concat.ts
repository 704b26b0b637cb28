// Joining tensors along an existing axis. The gradient slices dy back into
// each input's extent.
import { promoteTypes, type DType } from '../dtype.js';
import { describeValue, ShapeError, ValueError } from '../errors.js';
import { apply, checkInputs } from '../engine/apply.js';
import { tidy } from '../engine/scope.js';
import { fmtShape, normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';
import { stridedSliceOp } from './strided-slice.js';

/**
 * Throws unless `xs` is a non-empty array of live tensors on one backend.
 *
 * @example
 * ```ts
 * checkTensorList('stack', [a, b]);
 * ```
 */
export function checkTensorList(op: string, xs: readonly Tensor[]): void {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new ValueError(`${op}: argument 'xs' must be a non-empty array of tensors, got ${Array.isArray(xs) ? 'an empty array' : describeValue(xs)}`);
  }
  xs.forEach((t, i) => checkTensor(op, t, `xs[${i}]`));
  checkInputs(op, xs, xs.map((_, i) => `xs[${i}]`));
}

/**
 * Joins tensors along an existing `axis`; all other dimensions must match.
 * Mixed dtypes are promoted (bool < int32 < float32), as in PyTorch.
 *
 * @example
 * ```ts
 * concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])]); // [[1, 2], [3, 4], [5, 6]]
 * concat([zeros([2, 1]), ones([2, 2])], -1).shape; // [2, 3]
 * ```
 */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  checkTensorList('concat', xs);
  const first = xs[0];
  const a = normalizeAxis(axis, first.rank, 'concat', 'axis');
  xs.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ShapeError(`concat: xs[${i}] ${fmtShape(t.shape)} does not match xs[0] ${fmtShape(first.shape)} outside axis ${a}`);
    }
  });
  if (xs.length === 1) return reshape(first, first.shape);
  const dtype = xs.map((t) => t.dtype).reduce<DType>(promoteTypes, xs[0].dtype);
  return tidy(() => {
    const inputs = xs.map((t) => (t.dtype === dtype ? t : cast(t, dtype)));
    const extents = inputs.map((t) => t.shape[a]);
    const shape = first.shape.map((d, j) => (j === a ? extents.reduce((s, e) => s + e, 0) : d));
    return apply({
      op: 'concat',
      inputs,
      shape,
      dtype,
      // The kernel's inputs must be non-empty; empty ones add nothing.
      kernel: (k, infos, out) => k.concat(infos.filter((_, i) => extents[i] > 0), out, a),
      backward: (dy) => {
        let offset = 0;
        return extents.map((e) => {
          const begin = dy.shape.map((_, j) => (j === a ? offset : 0));
          offset += e;
          return stridedSliceOp(dy, begin, dy.shape.map((d, j) => (j === a ? e : d)), dy.shape.map(() => 1));
        });
      },
      save: [],
    });
  });
}
