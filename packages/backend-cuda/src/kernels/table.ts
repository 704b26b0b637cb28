// The CUDA kernel table: every primitive and fused kernel of the contract,
// bound to one native context.
import type { KernelTable } from '@dendrite/core';
import type { NativeContext } from '../native.js';
import { binary, cast, fill, unary, where } from './elementwise.js';
import * as fused from './fused.js';
import { matmul } from './matmul.js';
import { concat, expand, gather, pad, scatterAdd, slice, transpose } from './movement.js';
import { random } from './random.js';
import { argReduce, reduce } from './reduce.js';

/**
 * The kernels of a CUDA backend; each enqueues work on `ctx`'s stream and returns at once.
 *
 * @example
 * ```ts
 * const kernels = createKernelTable(ctx);
 * kernels.fill(out, 1);
 * ```
 */
export function createKernelTable(ctx: NativeContext): Required<KernelTable> {
  return {
    fill: (out, value) => fill(ctx, out, value),
    unary: (x, out, op, alpha) => unary(ctx, x, out, op, alpha),
    binary: (a, b, out, op) => binary(ctx, a, b, out, op),
    where: (c, a, b, out) => where(ctx, c, a, b, out),
    cast: (x, out) => cast(ctx, x, out),
    reduce: (x, out, op, axes) => reduce(ctx, x, out, op, axes),
    argReduce: (x, out, op, axis) => argReduce(ctx, x, out, op, axis),
    transpose: (x, out, perm) => transpose(ctx, x, out, perm),
    slice: (x, out, begin, step) => slice(ctx, x, out, begin, step),
    pad: (x, out, before, value) => pad(ctx, x, out, before, value),
    concat: (xs, out, axis) => concat(ctx, xs, out, axis),
    expand: (x, out) => expand(ctx, x, out),
    gather: (x, indices, out, axis) => gather(ctx, x, indices, out, axis),
    scatterAdd: (indices, updates, out, axis) => scatterAdd(ctx, indices, updates, out, axis),
    matmul: (a, b, out, transA, transB) => matmul(ctx, a, b, out, transA, transB),
    random: (out, attrs) => random(ctx, out, attrs),
    conv2d: (x, w, out, attrs) => fused.conv2d(ctx, x, w, out, attrs),
    conv2dBackpropInput: (dy, w, out, attrs) => fused.conv2dBackpropInput(ctx, dy, w, out, attrs),
    conv2dBackpropFilter: (x, dy, out, attrs) => fused.conv2dBackpropFilter(ctx, x, dy, out, attrs),
    maxPool2d: (x, out, attrs) => fused.maxPool2d(ctx, x, out, attrs),
    maxPool2dBackward: (dy, x, out, attrs) => fused.maxPool2dBackward(ctx, dy, x, out, attrs),
    avgPool2d: (x, out, attrs) => fused.avgPool2d(ctx, x, out, attrs),
    avgPool2dBackward: (dy, out, attrs) => fused.avgPool2dBackward(ctx, dy, out, attrs),
    softmax: (x, out) => fused.softmax(ctx, x, out, false),
    logSoftmax: (x, out) => fused.softmax(ctx, x, out, true),
    batchNorm: (x, mean, variance, gamma, beta, out, eps) => fused.batchNorm(ctx, x, mean, variance, gamma, beta, out, eps),
    layerNorm: (x, gamma, beta, out, eps) => fused.layerNorm(ctx, x, gamma, beta, out, eps),
    gridSample: (x, grid, out, attrs) => fused.gridSample(ctx, x, grid, out, attrs),
  };
}
