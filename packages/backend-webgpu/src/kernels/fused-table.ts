// The optional fused kernels this backend provides (all of the contract's).
import type { FusedKernels } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { batchNorm } from './batch-norm.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from './conv.js';
import { gridSample } from './grid-sample.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { layerNorm, logSoftmax, softmax } from './row-ops.js';

/**
 * The fused kernels of a WebGPU backend running on `rt`.
 *
 * @example
 * ```ts
 * const fused = fusedKernels(rt);
 * fused.softmax(x, out);
 * ```
 */
export function fusedKernels(rt: GPURuntime): FusedKernels {
  return {
    conv2d: (x, w, out, attrs) => conv2d(rt, x, w, out, attrs),
    conv2dBackpropInput: (dy, w, out, attrs) => conv2dBackpropInput(rt, dy, w, out, attrs),
    conv2dBackpropFilter: (x, dy, out, attrs) => conv2dBackpropFilter(rt, x, dy, out, attrs),
    maxPool2d: (x, out, attrs) => maxPool2d(rt, x, out, attrs),
    maxPool2dBackward: (dy, x, out, attrs) => maxPool2dBackward(rt, dy, x, out, attrs),
    avgPool2d: (x, out, attrs) => avgPool2d(rt, x, out, attrs),
    avgPool2dBackward: (dy, out, attrs) => avgPool2dBackward(rt, dy, out, attrs),
    softmax: (x, out) => softmax(rt, x, out),
    logSoftmax: (x, out) => logSoftmax(rt, x, out),
    batchNorm: (x, mean, variance, gamma, beta, out, eps) => batchNorm(rt, x, mean, variance, gamma, beta, out, eps),
    layerNorm: (x, gamma, beta, out, eps) => layerNorm(rt, x, gamma, beta, out, eps),
    gridSample: (x, grid, out, attrs) => gridSample(rt, x, grid, out, attrs),
  };
}
