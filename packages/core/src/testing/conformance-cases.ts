// Every conformance case, by kernel name. Each kernel draws from its own
// seeded stream, so the cases of one kernel do not shift when another's change.
import { FUSED_KERNELS, PRIMITIVE_KERNELS } from '../backend/contract.js';
import type { KernelCase, KernelName } from './conformance-case.js';
import { convBiasActivationCases, convCases } from './conformance-cases-conv.js';
import { binaryCases, castCases, fillCases, unaryCases, whereCases } from './conformance-cases-elementwise.js';
import { gridSampleCases } from './conformance-cases-grid.js';
import { matmulCases, randomCases } from './conformance-cases-matmul.js';
import { concatCases, expandCases, gatherCases, padCases, scatterAddCases, sliceCases, transposeCases } from './conformance-cases-movement.js';
import { batchNormCases, layerNormCases, softmaxCases } from './conformance-cases-norm.js';
import { optimizerStepCases } from './conformance-cases-optimizer.js';
import { poolCases } from './conformance-cases-pool.js';
import { argReduceCases, reduceCases } from './conformance-cases-reduce.js';
import { SeededRandom } from './random-inputs.js';

/**
 * The seed the kit uses unless told otherwise.
 *
 * @example
 * ```ts
 * conformanceCases(DEFAULT_CONFORMANCE_SEED);
 * ```
 */
export const DEFAULT_CONFORMANCE_SEED = 20240611;

/**
 * Every kernel name of the contract, primitives first.
 *
 * @example
 * ```ts
 * ALL_KERNELS.includes('gridSample'); // true
 * ```
 */
export const ALL_KERNELS: readonly KernelName[] = [...PRIMITIVE_KERNELS, ...FUSED_KERNELS];

/**
 * All conformance cases for a seed, keyed by kernel name (every primitive and
 * every fused kernel of the contract has at least one).
 *
 * @example
 * ```ts
 * const cases = conformanceCases(1);
 * cases.matmul.length; // > 0
 * ```
 */
export function conformanceCases(seed: number = DEFAULT_CONFORMANCE_SEED): Record<KernelName, KernelCase[]> {
  const rng = (stream: string) => new SeededRandom(seed, stream);
  const conv = convCases(rng('conv'));
  const pool = poolCases(rng('pool'));
  const softmax = softmaxCases(rng('softmax'));
  return {
    fill: fillCases(rng('fill')),
    unary: unaryCases(rng('unary')),
    binary: binaryCases(rng('binary')),
    where: whereCases(rng('where')),
    cast: castCases(rng('cast')),
    reduce: reduceCases(rng('reduce')),
    argReduce: argReduceCases(rng('argReduce')),
    transpose: transposeCases(rng('transpose')),
    slice: sliceCases(rng('slice')),
    pad: padCases(rng('pad')),
    concat: concatCases(rng('concat')),
    expand: expandCases(rng('expand')),
    gather: gatherCases(rng('gather')),
    scatterAdd: scatterAddCases(rng('scatterAdd')),
    matmul: matmulCases(rng('matmul')),
    random: randomCases(rng('random')),
    conv2d: conv.conv2d,
    conv2dBiasActivation: convBiasActivationCases(rng('conv2dBiasActivation')),
    conv2dBackpropInput: conv.conv2dBackpropInput,
    conv2dBackpropFilter: conv.conv2dBackpropFilter,
    maxPool2d: pool.maxPool2d,
    maxPool2dBackward: pool.maxPool2dBackward,
    avgPool2d: pool.avgPool2d,
    avgPool2dBackward: pool.avgPool2dBackward,
    softmax: softmax.softmax,
    logSoftmax: softmax.logSoftmax,
    batchNorm: batchNormCases(rng('batchNorm')),
    layerNorm: layerNormCases(rng('layerNorm')),
    gridSample: gridSampleCases(rng('gridSample')),
    optimizerStep: optimizerStepCases(rng('optimizerStep')),
  };
}

/**
 * The labels of the conformance cases per kernel name, so a test can assert
 * that every kernel of the contract is covered.
 *
 * @example
 * ```ts
 * const names = conformanceCaseNames();
 * names.binary.some((l) => l.startsWith('mod int32')); // true
 * ```
 */
export function conformanceCaseNames(seed: number = DEFAULT_CONFORMANCE_SEED): Record<string, string[]> {
  const cases = conformanceCases(seed);
  return Object.fromEntries(Object.entries(cases).map(([kernel, list]) => [kernel, list.map((c) => c.label)]));
}
