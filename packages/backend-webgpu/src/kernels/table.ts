// The kernel table handed to the core: every primitive, bound to a runtime.
import type { KernelTable } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { binary, cast, unary, where } from './elementwise.js';
import { fusedKernels } from './fused-table.js';
import { gather, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { concat, expand, fill, pad, slice, transpose } from './movement.js';
import { random } from './random.js';
import { argReduce, reduce } from './reduce.js';

/**
 * The kernels of a WebGPU backend running on `rt`.
 *
 * @example
 * ```ts
 * const kernels = kernelTable(rt);
 * kernels.fill(out, 1);
 * ```
 */
export function kernelTable(rt: GPURuntime): KernelTable {
  return {
    fill: (out, value) => fill(rt, out, value),
    unary: (x, out, op, alpha) => unary(rt, x, out, op, alpha),
    binary: (a, b, out, op) => binary(rt, a, b, out, op),
    where: (cond, a, b, out) => where(rt, cond, a, b, out),
    cast: (x, out) => cast(rt, x, out),
    reduce: (x, out, op, axes) => reduce(rt, x, out, op, axes),
    argReduce: (x, out, op, axis) => argReduce(rt, x, out, op, axis),
    transpose: (x, out, perm) => transpose(rt, x, out, perm),
    slice: (x, out, begin, step) => slice(rt, x, out, begin, step),
    pad: (x, out, before, value) => pad(rt, x, out, before, value),
    concat: (xs, out, axis) => concat(rt, xs, out, axis),
    expand: (x, out) => expand(rt, x, out),
    gather: (x, indices, out, axis) => gather(rt, x, indices, out, axis),
    scatterAdd: (indices, updates, out, axis) => scatterAdd(rt, indices, updates, out, axis),
    matmul: (a, b, out, transA, transB) => matmul(rt, a, b, out, transA, transB),
    random: (out, attrs) => random(rt, out, attrs),
    ...fusedKernels(rt),
  };
}
