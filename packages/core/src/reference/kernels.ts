// The reference kernel table: every primitive and every fused kernel of the contract.
import type { KernelTable } from '../backend/contract.js';
import { binaryKernel, whereKernel } from './binary.js';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dBiasActivationKernel, conv2dKernel } from './conv.js';
import { castKernel, fillKernel } from './fill-cast.js';
import { gatherKernel, scatterAddKernel } from './gather-scatter.js';
import { gridSampleKernel } from './grid-sample.js';
import { matmulKernel } from './matmul.js';
import { optimizerStepKernel } from './optimizer-step.js';
import { concatKernel, expandKernel, padKernel, sliceKernel, transposeKernel } from './movement.js';
import { batchNormKernel, layerNormKernel } from './norm.js';
import { avgPool2dBackwardKernel, avgPool2dKernel, maxPool2dBackwardKernel, maxPool2dKernel } from './pool.js';
import { randomKernel } from './random.js';
import { argReduceKernel, reduceKernel } from './reduce.js';
import { logSoftmaxKernel, softmaxKernel } from './softmax.js';
import { unaryKernel } from './unary.js';

/**
 * A fresh table of the reference kernels (plain functions, so the table can
 * be copied, spread or partially replaced by tests).
 *
 * @example
 * ```ts
 * const k = referenceKernels();
 * k.matmul(a, b, out, false, false);
 * ```
 */
export function referenceKernels(): Required<KernelTable> {
  return {
    fill: fillKernel,
    unary: unaryKernel,
    binary: binaryKernel,
    where: whereKernel,
    cast: castKernel,
    reduce: reduceKernel,
    argReduce: argReduceKernel,
    transpose: transposeKernel,
    slice: sliceKernel,
    pad: padKernel,
    concat: concatKernel,
    expand: expandKernel,
    gather: gatherKernel,
    scatterAdd: scatterAddKernel,
    matmul: matmulKernel,
    random: randomKernel,
    conv2d: conv2dKernel,
    conv2dBiasActivation: conv2dBiasActivationKernel,
    conv2dBackpropInput: conv2dBackpropInputKernel,
    conv2dBackpropFilter: conv2dBackpropFilterKernel,
    maxPool2d: maxPool2dKernel,
    maxPool2dBackward: maxPool2dBackwardKernel,
    avgPool2d: avgPool2dKernel,
    avgPool2dBackward: avgPool2dBackwardKernel,
    softmax: softmaxKernel,
    logSoftmax: logSoftmaxKernel,
    batchNorm: batchNormKernel,
    layerNorm: layerNormKernel,
    gridSample: gridSampleKernel,
    optimizerStep: optimizerStepKernel,
  };
}
