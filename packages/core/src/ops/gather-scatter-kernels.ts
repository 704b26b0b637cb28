// The contract's gather and scatterAdd kernels as differentiable ops. They
// are each other's adjoint, so each one's backward is the other: this keeps
// gradients of gradients working through any indexing op built on them.
// Callers validate arguments first; these functions only apply kernels.
import { apply } from '../engine/apply.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * `out = x.shape[:axis] + indices.shape + x.shape[axis+1:]`, picking x along axis.
 *
 * @example
 * ```ts
 * gatherKernelOp(x, idx, 0); // rows of x at idx (idx validated by the caller)
 * ```
 */
export function gatherKernelOp(x: Tensor, indices: Tensor, axis: number): Tensor {
  const xShape = x.shape.slice();
  return apply({
    op: 'gather',
    inputs: [x, indices],
    shape: [...xShape.slice(0, axis), ...indices.shape, ...xShape.slice(axis + 1)],
    dtype: x.dtype,
    kernel: (k, [a, i], out) => k.gather(a, i, out, axis),
    backward: (dy, [idx]) => [scatterAddKernelOp(idx, dy, xShape, axis), null],
    save: [1],
  });
}

/**
 * Zeros of `shape` plus `updates` summed at `indices` along `axis` (the
 * adjoint of `gatherKernelOp`); updates has the gather output's shape.
 *
 * @example
 * ```ts
 * scatterAddKernelOp(idx, dy, x.shape, 0); // the gradient of gather w.r.t. x
 * ```
 */
export function scatterAddKernelOp(indices: Tensor, updates: Tensor, shape: readonly number[], axis: number): Tensor {
  return apply({
    op: 'scatterAdd',
    inputs: [indices, updates],
    shape,
    dtype: updates.dtype,
    kernel: (k, [i, u], out) => {
      // An empty updates tensor leaves the zeros; skip the kernel for it.
      if (u.shape.some((d) => d === 0)) k.fill(out, 0);
      else k.scatterAdd(i, u, out, axis);
    },
    backward: (dy, [idx]) => [null, gatherKernelOp(dy, idx, axis)],
    save: [0],
  });
}
