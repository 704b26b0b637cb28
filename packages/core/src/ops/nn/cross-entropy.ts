import { isFloatDType } from '../../dtype.js';
import { ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape, shapesEqual, sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, div, mul } from '../binary.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { sum } from '../reduce.js';
import { neg } from '../unary.js';
import { expectFloat } from './geometry.js';
import { checkClassTargets, checkClassWeight, classAxis, nllLoss, targetWeights } from './nll-loss.js';
import { checkReduction, type Reduction, reduceLoss } from './reduction.js';
import { logSoftmax } from './softmax.js';

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions {
  /** Default 'mean' (weighted mean over non-ignored targets for class indices). */
  reduction?: Reduction;
  /** Mixes the target with the uniform distribution: (1 - ε) target + ε / C (default 0). */
  labelSmoothing?: number;
  /** Class-index targets equal to this contribute nothing (default -100). */
  ignoreIndex?: number;
  /** Per-class weight [C]. */
  weight?: Tensor | null;
}

/** The per-class weight reshaped to broadcast along the class axis of `shape`. */
function classBroadcast(weight: Tensor, shape: readonly number[], axis: number): Tensor {
  return reshape(weight, shape.map((d, i) => (i === axis ? d : 1)));
}

/** Cross-entropy with class-probability targets (same shape as the logits). */
function probabilityTargets(logp: Tensor, target: Tensor, axis: number, eps: number, weight: Tensor | null | undefined, reduction: Reduction): Tensor {
  const classes = logp.shape[axis];
  const smoothed = eps > 0 ? add(mul(target, 1 - eps), eps / classes) : target;
  const weighted = weight ? mul(smoothed, classBroadcast(weight, logp.shape, axis)) : smoothed;
  const loss = neg(sum(mul(logp, weighted), axis));
  // PyTorch averages over samples (and spatial positions), not over weights, for probability targets.
  if (reduction === 'mean') return div(sum(loss), sizeOf(logp.shape) / classes);
  return reduceLoss(loss, reduction);
}

/**
 * PyTorch's label-smoothing term for class-index targets: -Σ_c w_c log p_c
 * per non-ignored target, normalized like the NLL (by Σ w[y] for 'mean').
 */
function smoothingTerm(logp: Tensor, target: Tensor, axis: number, ignoreIndex: number, weight: Tensor | null | undefined, reduction: Reduction): Tensor {
  const { kept, weights } = targetWeights(target, ignoreIndex, weight, logp.dtype);
  const perClass = weight ? mul(logp, classBroadcast(weight, logp.shape, axis)) : logp;
  const smooth = mul(neg(sum(perClass, axis)), kept);
  if (reduction === 'none') return smooth;
  if (reduction === 'sum') return sum(smooth);
  return div(sum(smooth), sum(weights));
}

/**
 * Cross-entropy of logits [N, C, ...] (or [C]) against class indices (int32,
 * the logits' shape without the class dim) or class probabilities (float32,
 * the logits' shape), with PyTorch's weighting, ignore-index, label-smoothing
 * and mean conventions.
 *
 * @example
 * ```ts
 * crossEntropy(logits, labels);                                  // int32 labels [N]
 * crossEntropy(logits, labels, { labelSmoothing: 0.1, weight: w });
 * crossEntropy(logits, softTargets);                             // float32 [N, C]
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkTensor(op, logits, 'logits');
  checkTensor(op, target, 'target');
  expectFloat(op, 'logits', logits);
  if (logits.rank === 0) throw new ShapeError(`${op}: 'logits' must have a class dim ([C] or [N, C, ...]), got a scalar`);
  const reduction = checkReduction(op, options.reduction ?? 'mean');
  const eps = options.labelSmoothing ?? 0;
  if (typeof eps !== 'number' || !(eps >= 0 && eps <= 1)) throw new ValueError(`${op}: 'labelSmoothing' must be in [0, 1], got ${JSON.stringify(eps)}`);
  const ignoreIndex = options.ignoreIndex ?? -100;
  const axis = classAxis(logits.rank);
  const classes = logits.shape[axis];
  checkClassWeight(op, options.weight, classes);
  if (isFloatDType(target.dtype)) {
    if (!shapesEqual(target.shape, logits.shape)) {
      throw new ShapeError(`${op}: probability 'target' ${fmtShape(target.shape)} must have the logits' shape ${fmtShape(logits.shape)}`);
    }
    return tidy(() => probabilityTargets(logSoftmax(logits, axis), target, axis, eps, options.weight, reduction));
  }
  checkClassTargets(op, logits, target, ignoreIndex);
  return tidy(() => {
    const logp = logSoftmax(logits, axis);
    const nll = nllLoss(logp, target, { reduction, ignoreIndex, weight: options.weight });
    if (eps === 0) return nll;
    const smooth = smoothingTerm(logp, target, axis, ignoreIndex, options.weight, reduction);
    return add(mul(nll, 1 - eps), mul(smooth, eps / classes));
  });
}
