import { ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { lt, mul, sub, where } from '../binary.js';
import { abs, square } from '../unary.js';
import { checkPair, checkReduction, type Reduction, reduceLoss } from './reduction.js';

/** Options of the regression losses. */
export interface RegressionLossOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
}

function checkPositive(op: string, name: string, v: number, allowZero: boolean): number {
  if (typeof v !== 'number' || !(allowZero ? v >= 0 : v > 0) || !Number.isFinite(v)) {
    throw new ValueError(`${op}: argument '${name}' must be a ${allowZero ? 'non-negative' : 'positive'} finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Mean squared error `(input - target)²`, reduced.
 *
 * @example
 * ```ts
 * mseLoss(prediction, target);
 * mseLoss(prediction, target, { reduction: 'sum' });
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options: RegressionLossOptions = {}): Tensor {
  checkPair('mseLoss', input, target);
  const reduction = checkReduction('mseLoss', options.reduction ?? 'mean');
  return tidy(() => reduceLoss(square(sub(input, target)), reduction));
}

/**
 * Mean absolute error `|input - target|`, reduced.
 *
 * @example
 * ```ts
 * l1Loss(prediction, target);
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, options: RegressionLossOptions = {}): Tensor {
  checkPair('l1Loss', input, target);
  const reduction = checkReduction('l1Loss', options.reduction ?? 'mean');
  return tidy(() => reduceLoss(abs(sub(input, target)), reduction));
}

/**
 * Smooth L1: `0.5 d² / beta` where `|d| < beta`, else `|d| - 0.5 beta`
 * (`beta = 0` is the L1 loss), as PyTorch.
 *
 * @example
 * ```ts
 * smoothL1Loss(prediction, target, { beta: 0.5 });
 * ```
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: RegressionLossOptions & { beta?: number } = {}): Tensor {
  checkPair('smoothL1Loss', input, target);
  const reduction = checkReduction('smoothL1Loss', options.reduction ?? 'mean');
  const beta = checkPositive('smoothL1Loss', 'beta', options.beta ?? 1, true);
  return tidy(() => {
    const d = abs(sub(input, target));
    if (beta === 0) return reduceLoss(d, reduction);
    return reduceLoss(where(lt(d, beta), mul(square(d), 0.5 / beta), sub(d, 0.5 * beta)), reduction);
  });
}

/**
 * Huber loss: `0.5 d²` where `|d| < delta`, else `delta (|d| - 0.5 delta)`.
 *
 * @example
 * ```ts
 * huberLoss(prediction, target, { delta: 2 });
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: RegressionLossOptions & { delta?: number } = {}): Tensor {
  checkPair('huberLoss', input, target);
  const reduction = checkReduction('huberLoss', options.reduction ?? 'mean');
  const delta = checkPositive('huberLoss', 'delta', options.delta ?? 1, false);
  return tidy(() => {
    const d = abs(sub(input, target));
    return reduceLoss(where(lt(d, delta), mul(square(d), 0.5), mul(sub(d, 0.5 * delta), delta)), reduction);
  });
}
