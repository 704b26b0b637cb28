import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { div, gt, mul, sub, where } from '../binary.js';
import { sum } from '../reduce.js';
import { exp, log } from '../unary.js';
import { checkPair, checkReduction, reduceLoss } from './reduction.js';

/** Options of `klDiv`. */
export interface KlDivOptions {
  /** 'mean' (over all elements, PyTorch's default), 'batchmean' (sum / batch size: the true KL), 'sum' or 'none'. */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target holds log-probabilities instead of probabilities (default false). */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence `t (log t - input)` of a target distribution
 * from log-probabilities `input` (0 where t = 0), as PyTorch's `kl_div`.
 *
 * @example
 * ```ts
 * klDiv(logSoftmax(logits), targetProbs, { reduction: 'batchmean' });
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  checkPair('klDiv', input, target);
  const reduction = checkReduction('klDiv', options.reduction ?? 'mean', ['mean', 'batchmean', 'sum', 'none']);
  return tidy(() => {
    let loss: Tensor;
    if (options.logTarget) {
      loss = mul(exp(target), sub(target, input));
    } else {
      const positive = gt(target, 0);
      const tLogT = where(positive, mul(target, log(where(positive, target, 1))), 0);
      loss = sub(tLogT, mul(target, input));
    }
    if (reduction === 'batchmean') return input.rank === 0 ? sum(loss) : div(sum(loss), input.shape[0]);
    return reduceLoss(loss, reduction);
  });
}
