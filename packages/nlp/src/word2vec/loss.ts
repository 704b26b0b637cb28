// The negative-sampling objective on gathered rows, written with core ops
// so every backend can train word2vec and autograd gives its gradient.
import { binaryCrossEntropyWithLogits, mul, sum, type Tensor, unsqueeze } from '@dendrite/core';

/**
 * Σ_e w_e · Σ_t BCEwithLogits(h_e · u_{e,t}, y_t): h [B, D] the (mean) input
 * vectors, u [B, T, D] the target rows (positive first), labels [B, T] (1 then
 * 0s) and weights [B, 1] (the learning rate of each example, so the gradient
 * is the SGD update).
 *
 * @example
 * ```ts
 * const loss = negativeSamplingLoss(h, u, labels, lr);
 * const [gh, gu] = gradients(loss, [h, u]);
 * ```
 */
export function negativeSamplingLoss(h: Tensor, u: Tensor, labels: Tensor, weights: Tensor): Tensor {
  return sum(mul(negativeSamplingTerms(h, u, labels), weights));
}

/**
 * The unweighted per-target terms [B, T] of `negativeSamplingLoss`:
 * −log σ(h·u) for the positive, −log σ(−h·u) for each negative.
 *
 * @example
 * ```ts
 * const terms = negativeSamplingTerms(h, u, labels); // [B, T]
 * ```
 */
export function negativeSamplingTerms(h: Tensor, u: Tensor, labels: Tensor): Tensor {
  const scores = sum(mul(u, unsqueeze(h, 1)), 2);
  return binaryCrossEntropyWithLogits(scores, labels, { reduction: 'none' });
}
