// Which state tensors the fused optimizer step reads and writes, in order, so
// the core, the reference and the conformance kit agree on one layout.
import type { OptimizerStepAttrs } from './contract.js';

/**
 * The state slots of an optimizer step, in the order `optimizerStep` takes
 * them: sgd `['momentum']` (momentum > 0); adam `['expAvg', 'expAvgSq']` plus
 * `'maxExpAvgSq'` (amsgrad); rmsprop `['squareAvg']`, `'gradAvg'` (centered),
 * `'momentumBuffer'` (momentum > 0).
 *
 * @example
 * ```ts
 * optimizerStateSlots({ ...defaultOptimizerAttrs('adam'), amsgrad: true }); // ['expAvg', 'expAvgSq', 'maxExpAvgSq']
 * ```
 */
export function optimizerStateSlots(attrs: Pick<OptimizerStepAttrs, 'kind' | 'momentum' | 'amsgrad' | 'centered'>): string[] {
  if (attrs.kind === 'sgd') return attrs.momentum > 0 ? ['momentum'] : [];
  if (attrs.kind === 'adam') return attrs.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq'];
  const slots = ['squareAvg'];
  if (attrs.centered) slots.push('gradAvg');
  if (attrs.momentum > 0) slots.push('momentumBuffer');
  return slots;
}

/**
 * Attributes of `kind` with every other field at its neutral value (no decay,
 * no momentum, PyTorch's default betas/alpha/eps), to spread options over.
 *
 * @example
 * ```ts
 * const attrs = { ...defaultOptimizerAttrs('sgd'), lr: 0.1, momentum: 0.9 };
 * ```
 */
export function defaultOptimizerAttrs(kind: OptimizerStepAttrs['kind']): OptimizerStepAttrs {
  return {
    kind, lr: 0, weightDecay: 0, decoupled: false, momentum: 0, dampening: 0, nesterov: false, first: false,
    beta1: 0.9, beta2: 0.999, eps: 1e-8, amsgrad: false, biasCorrection1: 1, biasCorrection2: 1, alpha: 0.99, centered: false,
  };
}
