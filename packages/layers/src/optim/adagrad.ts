import { add, div, fullLike, mul, sqrt, square, sub, type Tensor } from '@dendrite/core';
import type { Parameter } from '../module/parameter.js';
import { checkRange } from './hyper.js';
import { type BaseHyper, Optimizer, type ParamGroup, type ParamGroupSpec } from './optimizer.js';

/** Hyperparameters of Adagrad. */
export interface AdagradHyper extends BaseHyper {
  /** Learning-rate decay: step t uses `lr / (1 + (t - 1) * lrDecay)`. */
  lrDecay: number;
  /** L2 penalty added to the gradient. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. */
  initialAccumulatorValue: number;
  /** Added to the denominator for stability. */
  eps: number;
}

/**
 * Adagrad (Duchi et al.): per-coordinate steps `lr / √(Σ g²)`, with
 * PyTorch's lr decay `lr / (1 + (t - 1)·lrDecay)`.
 *
 * @example
 * ```ts
 * const opt = new Adagrad(model.parameters(), { lr: 0.1 });
 * ```
 */
export class Adagrad extends Optimizer<AdagradHyper> {
  /**
   * Adagrad (Duchi et al. 2011).
   * @param params - the parameters, or groups of them with their own options
   * @param options - lr (default 0.01), lrDecay, weightDecay, initialAccumulatorValue, eps
   */
  constructor(params: Iterable<Parameter> | readonly ParamGroupSpec<AdagradHyper>[], options: Partial<AdagradHyper> = {}) {
    const h: AdagradHyper = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, ...options };
    checkRange('Adagrad', 'lrDecay', h.lrDecay, 0);
    checkRange('Adagrad', 'weightDecay', h.weightDecay, 0);
    checkRange('Adagrad', 'initialAccumulatorValue', h.initialAccumulatorValue, 0);
    checkRange('Adagrad', 'eps', h.eps, 0);
    super(params, h);
  }

  protected update(value: Tensor, grad: Tensor, group: ParamGroup<AdagradHyper>, step: number, buffers: Record<string, Tensor>) {
    const g = group.weightDecay ? add(grad, mul(value, group.weightDecay)) : grad;
    const clr = group.lr / (1 + (step - 1) * group.lrDecay);
    const prev = buffers.sum ?? fullLike(value, group.initialAccumulatorValue);
    const sum = add(prev, square(g));
    return { value: sub(value, mul(div(g, add(sqrt(sum), group.eps)), clr)), buffers: { sum } };
  }
}
