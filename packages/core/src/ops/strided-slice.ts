// The contract's slice and pad kernels as differentiable ops, each the
// other's adjoint: the gradient of a strided slice spreads dy back to the
// picked positions (flip for negative steps, interleave zeros for |step| > 1,
// then pad), and the gradient of a constant pad slices the interior out.
// Callers validate arguments; these functions only apply kernels.
import { allocTensor, apply } from '../engine/apply.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from './reshape.js';

/**
 * `out[idx] = x[begin + idx * step]` per dimension, with `out.shape = shape`.
 *
 * @example
 * ```ts
 * stridedSliceOp(x, [0, 4], [2, 3], [1, -2]); // rows 0..1, columns 4, 2, 0
 * ```
 */
export function stridedSliceOp(x: Tensor, begin: readonly number[], shape: readonly number[], step: readonly number[]): Tensor {
  const xShape = x.shape.slice();
  return apply({
    op: 'slice',
    inputs: [x],
    shape,
    dtype: x.dtype,
    kernel: (k, [a], out) => k.slice(a, out, begin, step),
    backward: (dy) => [sliceAdjoint(dy, xShape, begin, step)],
    save: [],
  });
}

/**
 * Constant padding: `before[d]` and `after[d]` elements of `value` around x per dimension (all ≥ 0).
 *
 * @example
 * ```ts
 * constantPadOp(x, [1, 0], [1, 2], 0); // one row above and below, two columns right
 * ```
 */
export function constantPadOp(x: Tensor, before: readonly number[], after: readonly number[], value: number): Tensor {
  const xShape = x.shape.slice();
  const ones = xShape.map(() => 1);
  return apply({
    op: 'pad',
    inputs: [x],
    shape: xShape.map((d, i) => d + before[i] + after[i]),
    dtype: x.dtype,
    kernel: (k, [a], out) => {
      // An empty x contributes nothing: the output is all padding.
      if (a.shape.some((d) => d === 0)) k.fill(out, value);
      else k.pad(a, out, before, value);
    },
    backward: (dy) => [stridedSliceOp(dy, before, xShape, ones)],
    save: [],
  });
}

/** Zeros of x's shape with dy placed at the positions the slice read. */
function sliceAdjoint(dy: Tensor, xShape: readonly number[], begin: readonly number[], step: readonly number[]): Tensor {
  const n = dy.shape;
  if (dy.size === 0) return allocTensor(dy.backendImpl, xShape, dy.dtype, (k, out) => k.fill(out, 0));
  let g = dy;
  // Negative steps read downwards: flip dy so it runs upwards from the lowest position read.
  if (step.some((s) => s < 0)) {
    g = stridedSliceOp(g, n.map((d, i) => (step[i] < 0 ? d - 1 : 0)), n, step.map((s) => (s < 0 ? -1 : 1)));
  }
  const stride = step.map((s) => Math.abs(s));
  const span = n.map((d, i) => (d - 1) * stride[i] + 1);
  // |step| > 1: interleave stride - 1 zeros after each element, then drop the trailing ones.
  if (stride.some((s) => s > 1)) {
    const spaced = reshape(g, n.flatMap((d) => [d, 1]));
    const padded = constantPadOp(spaced, spaced.shape.map(() => 0), stride.flatMap((s) => [0, s - 1]), 0);
    const merged = reshape(padded, n.map((d, i) => d * stride[i]));
    g = stridedSliceOp(merged, n.map(() => 0), span, n.map(() => 1));
  }
  const low = begin.map((b, i) => (step[i] > 0 ? b : b + (n[i] - 1) * step[i]));
  return constantPadOp(g, low, xShape.map((d, i) => d - low[i] - span[i]), 0);
}
