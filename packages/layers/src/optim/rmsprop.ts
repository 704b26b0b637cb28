import type { Tensor } from '@dendrite/core';
import type { Parameter } from '../module/parameter.js';
import { checkRange } from './hyper.js';
import { type BaseHyper, Optimizer, type ParamGroup, type ParamGroupSpec, stepWith } from './optimizer.js';

/** Hyperparameters of RMSprop. */
export interface RMSpropHyper extends BaseHyper {
  /** Smoothing of the squared-gradient average. */
  alpha: number;
  /** Added to the denominator for stability. */
  eps: number;
  /** L2 penalty added to the gradient. */
  weightDecay: number;
  /** Momentum factor (0: none). */
  momentum: number;
  /** Normalize by the gradient's estimated variance instead of its second moment. */
  centered: boolean;
}

/**
 * RMSprop (Hinton): divides the gradient by a running RMS of recent
 * gradients, with PyTorch's options (momentum, centered, weight decay).
 *
 * @example
 * ```ts
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9 });
 * ```
 */
export class RMSprop extends Optimizer<RMSpropHyper> {
  /**
   * RMSprop (Hinton's lecture notes; PyTorch's variant).
   * @param params - the parameters, or groups of them with their own options
   * @param options - lr (default 0.01), alpha, eps, weightDecay, momentum, centered
   */
  constructor(params: Iterable<Parameter> | readonly ParamGroupSpec<RMSpropHyper>[], options: Partial<RMSpropHyper> = {}) {
    const h: RMSpropHyper = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, ...options };
    checkRange('RMSprop', 'alpha', h.alpha, 0, 1);
    checkRange('RMSprop', 'eps', h.eps, 0);
    checkRange('RMSprop', 'weightDecay', h.weightDecay, 0);
    checkRange('RMSprop', 'momentum', h.momentum, 0);
    super(params, h);
  }

  protected update(value: Tensor, grad: Tensor, group: ParamGroup<RMSpropHyper>, _step: number, buffers: Record<string, Tensor>) {
    const { lr, alpha, eps, weightDecay, momentum, centered } = group;
    return stepWith(value, grad, buffers, { kind: 'rmsprop', lr, alpha, eps, weightDecay, momentum, centered });
  }
}
