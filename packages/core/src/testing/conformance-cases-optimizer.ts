// Conformance cases of the fused optimizer step: every update rule and
// option, one case per output (the parameter and each state tensor), on
// random non-zero parameters, gradients and states.
import type { OptimizerStepAttrs } from '../backend/contract.js';
import { defaultOptimizerAttrs, optimizerStateSlots } from '../backend/optimizer-layout.js';
import { sizeOf } from '../shape.js';
import { hostTensor, type KernelCase, shapesLabel, type Tolerance } from './conformance-case.js';
import { randomFloats, type SeededRandom } from './random-inputs.js';

/**
 * Each output is a handful (≤ 10) of correctly rounded float32 operations,
 * one square root and one division, on terms of order 1 (inputs in ±[0.05, 2]):
 * ≤ ~10 ulp of the largest term, about 6e-7. 1e-5 relative + 1e-6 absolute
 * leaves room for a different (fused multiply-add) evaluation order; a wrong
 * coefficient (β for 1 − β, a missing bias correction) errs by ≥ 1e-3.
 */
const OPTIMIZER_TOLERANCE: Tolerance = { kind: 'close', atol: 1e-6, rtol: 1e-5 };

/** The option sets checked: every branch of every rule. */
function configs(rng: SeededRandom): [string, OptimizerStepAttrs][] {
  const base = (kind: OptimizerStepAttrs['kind']) => ({ ...defaultOptimizerAttrs(kind), lr: rng.pick([0.01, 0.1, 0.5]) });
  const step = rng.int(1, 9);
  const bc = (beta: number) => 1 - beta ** step;
  const adam = { ...base('adam'), beta1: 0.9, beta2: 0.999, eps: 1e-8, biasCorrection1: bc(0.9), biasCorrection2: bc(0.999) };
  return [
    ['sgd', base('sgd')],
    ['sgd weightDecay', { ...base('sgd'), weightDecay: 0.05 }],
    ['sgd momentum first step', { ...base('sgd'), momentum: 0.9, first: true }],
    ['sgd momentum dampening weightDecay', { ...base('sgd'), momentum: 0.8, dampening: 0.3, weightDecay: 0.01 }],
    ['sgd nesterov', { ...base('sgd'), momentum: 0.9, nesterov: true }],
    [`adam step ${step}`, adam],
    [`adam L2 amsgrad step ${step}`, { ...adam, weightDecay: 0.02, amsgrad: true }],
    [`adamw step ${step}`, { ...adam, weightDecay: 0.05, decoupled: true, eps: 1e-3 }],
    ['rmsprop', { ...base('rmsprop'), alpha: 0.99, eps: 1e-8 }],
    ['rmsprop centered momentum weightDecay', { ...base('rmsprop'), alpha: 0.9, eps: 1e-6, centered: true, momentum: 0.9, weightDecay: 0.01 }],
    ['rmsprop momentum', { ...base('rmsprop'), alpha: 0.95, momentum: 0.5 }],
  ];
}

/** State values in a range each slot can hold (second moments positive, centered variance positive). */
function stateValues(rng: SeededRandom, slot: string, n: number): Float32Array {
  if (slot === 'expAvgSq' || slot === 'maxExpAvgSq') return randomFloats(rng, n, { lo: 0.01, hi: 1 });
  if (slot === 'squareAvg') return randomFloats(rng, n, { lo: 0.5, hi: 2 });
  if (slot === 'gradAvg') return randomFloats(rng, n, { lo: -0.5, hi: 0.5 });
  return randomFloats(rng, n, { lo: -1, hi: 1 });
}

/**
 * One case per output of `optimizerStep` and option set: the parameter,
 * then each state tensor; shapes with SIMD tails (odd sizes) and 2-D ones.
 *
 * @example
 * ```ts
 * optimizerStepCases(new SeededRandom(1, 'optimizerStep')).length; // > 0
 * ```
 */
export function optimizerStepCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [name, attrs] of configs(rng)) {
    const shape = rng.pick([[rng.int(1, 3)], [rng.int(5, 67)], [rng.int(2, 9), rng.int(2, 9)], [rng.int(150, 300)]]);
    const n = sizeOf(shape);
    const slots = optimizerStateSlots(attrs);
    const param = hostTensor(shape, 'float32', randomFloats(rng, n, { lo: -2, hi: 2 }));
    const grad = hostTensor(shape, 'float32', randomFloats(rng, n, { lo: -1, hi: 1 }));
    const state = slots.map((s) => hostTensor(shape, 'float32', stateValues(rng, s, n)));
    const t = { shape, dtype: 'float32' as const };
    const outputs = ['param', ...slots];
    outputs.forEach((output, j) => {
      cases.push({
        kernel: 'optimizerStep',
        label: `${name} -> ${output} ${shapesLabel([shape], shape)}`,
        inputs: [param, grad, ...state],
        output: t,
        scratch: outputs.slice(1).map(() => t),
        float32Only: true,
        run: (k, [p, g, ...s], out, scratch) => {
          // Output j is the compared buffer; the others are scratch.
          const outs = [...scratch];
          outs.splice(j, 0, out);
          k.optimizerStep!(p, g, s, outs[0], outs.slice(1), attrs);
        },
        tolerance: OPTIMIZER_TOLERANCE,
      });
    });
  }
  return cases;
}
