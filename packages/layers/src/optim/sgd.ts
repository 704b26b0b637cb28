import { type Tensor, ValueError } from '@dendrite/core';
import type { Parameter } from '../module/parameter.js';
import { checkRange } from './hyper.js';
import { type BaseHyper, Optimizer, type ParamGroup, type ParamGroupSpec, stepWith } from './optimizer.js';

/** Hyperparameters of SGD. */
export interface SGDHyper extends BaseHyper {
  /** Momentum factor (0: plain SGD). */
  momentum: number;
  /** Dampening of the momentum's gradient term. */
  dampening: number;
  /** L2 penalty added to the gradient. */
  weightDecay: number;
  /** Nesterov momentum (needs momentum > 0 and no dampening). */
  nesterov: boolean;
}

/**
 * Stochastic gradient descent with momentum, Nesterov momentum and L2
 * weight decay, with PyTorch's update rule:
 * `g += wd·p; buf = μ·buf + (1 - dampening)·g; p -= lr·(nesterov ? g + μ·buf : buf)`.
 *
 * @example
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export class SGD extends Optimizer<SGDHyper> {
  /**
   * Stochastic gradient descent, with optional momentum, Nesterov and weight decay.
   * @param params - the parameters, or groups of them with their own options
   * @param options - lr (required), momentum, dampening, weightDecay, nesterov
   */
  constructor(params: Iterable<Parameter> | readonly ParamGroupSpec<SGDHyper>[], options: Partial<SGDHyper> & { lr: number }) {
    const h: SGDHyper = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...options };
    checkRange('SGD', 'momentum', h.momentum, 0);
    checkRange('SGD', 'dampening', h.dampening, 0, 1);
    checkRange('SGD', 'weightDecay', h.weightDecay, 0);
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) throw new ValueError('SGD: Nesterov momentum needs momentum > 0 and dampening = 0');
    super(params, h);
  }

  protected update(value: Tensor, grad: Tensor, group: ParamGroup<SGDHyper>, step: number, buffers: Record<string, Tensor>) {
    const { lr, momentum, dampening, weightDecay, nesterov } = group;
    return stepWith(value, grad, buffers, { kind: 'sgd', lr, momentum, dampening, weightDecay, nesterov, first: step === 1 || !buffers.momentum });
  }
}
