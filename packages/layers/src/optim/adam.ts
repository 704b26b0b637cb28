import type { Tensor } from '@dendrite/core';
import type { Parameter } from '../module/parameter.js';
import { checkRange } from './hyper.js';
import { type BaseHyper, Optimizer, type ParamGroup, type ParamGroupSpec, stepWith } from './optimizer.js';

/** Hyperparameters of Adam and AdamW. */
export interface AdamHyper extends BaseHyper {
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** Adam: an L2 penalty added to the gradient; AdamW: decoupled weight decay. */
  weightDecay: number;
  /** Use the maximum of past second moments (Reddi et al.). */
  amsgrad: boolean;
}

function checkAdam(owner: string, h: AdamHyper): AdamHyper {
  checkRange(owner, 'betas[0]', h.betas[0], 0, 1);
  checkRange(owner, 'betas[1]', h.betas[1], 0, 1);
  checkRange(owner, 'eps', h.eps, 0);
  checkRange(owner, 'weightDecay', h.weightDecay, 0);
  return h;
}

/** One Adam update; `decoupled` applies weight decay to the weights (AdamW) instead of the gradient. */
function adamUpdate(value: Tensor, grad: Tensor, group: AdamHyper & { lr: number }, step: number, buffers: Record<string, Tensor>, decoupled: boolean) {
  const [beta1, beta2] = group.betas;
  return stepWith(value, grad, buffers, {
    kind: 'adam', lr: group.lr, beta1, beta2, eps: group.eps, weightDecay: group.weightDecay, decoupled, amsgrad: group.amsgrad,
    biasCorrection1: 1 - beta1 ** step, biasCorrection2: 1 - beta2 ** step,
  });
}

/**
 * Adam (Kingma & Ba) with bias correction; weight decay is L2 on the gradient.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * ```
 */
export class Adam extends Optimizer<AdamHyper> {
  /**
   * Adam (Kingma and Ba 2015).
   * @param params - the parameters, or groups of them with their own options
   * @param options - lr (default 1e-3), betas, eps, weightDecay
   */
  constructor(params: Iterable<Parameter> | readonly ParamGroupSpec<AdamHyper>[], options: Partial<AdamHyper> = {}) {
    super(params, checkAdam('Adam', { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...options }));
  }

  protected update(value: Tensor, grad: Tensor, group: ParamGroup<AdamHyper>, step: number, buffers: Record<string, Tensor>) {
    return adamUpdate(value, grad, group, step, buffers, false);
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay
 * `p ← p·(1 - lr·wd)` (default wd 0.01).
 *
 * @example
 * ```ts
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends Optimizer<AdamHyper> {
  /**
   * AdamW: Adam with decoupled weight decay (Loshchilov and Hutter 2019).
   * @param params - the parameters, or groups of them with their own options
   * @param options - lr (default 1e-3), betas, eps, weightDecay (default 1e-2)
   */
  constructor(params: Iterable<Parameter> | readonly ParamGroupSpec<AdamHyper>[], options: Partial<AdamHyper> = {}) {
    super(params, checkAdam('AdamW', { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false, ...options }));
  }

  protected update(value: Tensor, grad: Tensor, group: ParamGroup<AdamHyper>, step: number, buffers: Record<string, Tensor>) {
    return adamUpdate(value, grad, group, step, buffers, true);
  }
}
