import { bindKernels, type KernelTable } from '@dendrite/core';
import type { WasmRuntime } from '../runtime.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dBiasActivation } from './conv.js';
import { binary, cast, fill, unary, where } from './elementwise.js';
import { gridSample } from './grid-sample.js';
import { gather, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { concat, expand, pad, slice, transpose } from './movement.js';
import { batchNorm, layerNorm } from './norm.js';
import { optimizerStep } from './optimizer-step.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { random } from './random.js';
import { argReduce, reduce } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';

/**
 * The kernel table of a wasm backend: every primitive and every fused kernel, bound to one runtime.
 *
 * @example
 * ```ts
 * const kernels = createKernelTable(rt);
 * kernels.fill(out, 1);
 * ```
 */
export function createKernelTable(rt: WasmRuntime): KernelTable {
  return bindKernels(rt, {
    fill, unary, binary, where, cast, reduce, argReduce, transpose, slice, pad, concat, expand, gather, scatterAdd, matmul, random,
    conv2d, conv2dBiasActivation, conv2dBackpropInput, conv2dBackpropFilter, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward,
    softmax, logSoftmax, batchNorm, layerNorm, gridSample, optimizerStep,
  });
}
