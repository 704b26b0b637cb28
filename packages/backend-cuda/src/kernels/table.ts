// The CUDA kernel table: every primitive and fused kernel of the contract,
// bound to one native context.
import { bindKernels, type KernelTable } from '@dendrite/core';
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
export function createKernelTable(ctx: NativeContext): KernelTable {
  return bindKernels(ctx, {
    fill, unary, binary, where, cast, reduce, argReduce, transpose, slice, pad, concat, expand, gather, scatterAdd, matmul, random,
    conv2d: fused.conv2d,
    conv2dBackpropInput: fused.conv2dBackpropInput,
    conv2dBackpropFilter: fused.conv2dBackpropFilter,
    maxPool2d: fused.maxPool2d,
    maxPool2dBackward: fused.maxPool2dBackward,
    avgPool2d: fused.avgPool2d,
    avgPool2dBackward: fused.avgPool2dBackward,
    softmax: (c, x, out) => fused.softmax(c, x, out, false),
    logSoftmax: (c, x, out) => fused.softmax(c, x, out, true),
    batchNorm: fused.batchNorm,
    layerNorm: fused.layerNorm,
    gridSample: fused.gridSample,
  });
}
