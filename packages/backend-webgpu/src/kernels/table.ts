// The kernel table handed to the core: every primitive and fused kernel,
// bound to a runtime.
import { bindKernels, type KernelTable } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { batchNorm } from './batch-norm.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './conv.js';
import { binary, cast, unary, where } from './elementwise.js';
import { gridSample } from './grid-sample.js';
import { gather, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { OPTIMIZER_STEP_BUFFERS, optimizerStep } from './optimizer-step.js';
import { concat, expand, fill, pad, slice, transpose } from './movement.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { random } from './random.js';
import { argReduce, reduce } from './reduce.js';
import { layerNorm, logSoftmax, softmax } from './row-ops.js';

/**
 * The kernels of a WebGPU backend running on `rt` (all of the contract's;
 * `optimizerStep` where the device binds enough storage buffers).
 *
 * @example
 * ```ts
 * const kernels = kernelTable(rt);
 * kernels.fill(out, 1);
 * ```
 */
export function kernelTable(rt: GPURuntime): KernelTable {
  return bindKernels(rt, {
    fill, unary, binary, where, cast, reduce, argReduce, transpose, slice, pad, concat, expand, gather, scatterAdd, matmul, random,
    conv2d, conv2dBackpropInput, conv2dBackpropFilter, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward,
    softmax, logSoftmax, batchNorm, layerNorm, gridSample,
    // Its largest option sets bind 10 storage buffers; below that the core composes the step.
    ...(rt.device.limits.maxStorageBuffersPerShaderStage >= OPTIMIZER_STEP_BUFFERS ? { optimizerStep } : {}),
  });
}
