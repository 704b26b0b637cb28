import type { DType } from '../../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { div, eq, mul, ne, where } from '../binary.js';
import { cast } from '../cast.js';
import { checkTensor } from '../check.js';
import { neg } from '../unary.js';
import { reshape } from '../reshape.js';
import { sum } from '../reduce.js';
import { expectFloat } from './geometry.js';
import { checkReduction, type Reduction } from './reduction.js';
import { gather, takeAlongAxis } from './movement.js';

/** Options of `nllLoss`. */
export interface NllLossOptions {
  /** Default 'mean': the weighted mean, Σ w[y]·loss / Σ w[y] over non-ignored targets. */
  reduction?: Reduction;
  /** Targets equal to this contribute nothing (default -100). */
  ignoreIndex?: number;
  /** Per-class weight [C]. */
  weight?: Tensor | null;
}

/** The class axis: 1 for batched input [N, C, ...], 0 for one sample [C]. */
export function classAxis(rank: number): number {
  return rank >= 2 ? 1 : 0;
}

/**
 * Validates class-index targets: int32, the input's shape without the class
 * axis, each in [0, C) or equal to `ignoreIndex` (checked on the host where
 * the backend reads synchronously).
 *
 * @example
 * ```ts
 * checkClassTargets('crossEntropy', logits, target, -100);
 * ```
 */
export function checkClassTargets(op: string, input: Tensor, target: Tensor, ignoreIndex: number): void {
  checkTensor(op, target, 'target');
  if (target.dtype !== 'int32') throw new DTypeError(`${op}: class-index 'target' must be int32, got ${target.dtype} ${fmtShape(target.shape)}`);
  const axis = classAxis(input.rank);
  const expected = input.shape.filter((_, i) => i !== axis);
  if (!shapesEqual(target.shape, expected)) {
    throw new ShapeError(`${op}: 'target' ${fmtShape(target.shape)} must have shape ${fmtShape(expected)} for input ${fmtShape(input.shape)} (the input's shape without the class dim ${axis})`);
  }
  if (!target.backendImpl.capabilities.syncRead) return;
  const classes = input.shape[axis];
  const data = target.dataSync();
  for (let i = 0; i < data.length; i++) {
    const t = data[i];
    if (t !== ignoreIndex && (t < 0 || t >= classes)) {
      throw new ValueError(`${op}: 'target' value ${t} at flat index ${i} is out of range [0, ${classes}) (ignoreIndex ${ignoreIndex})`);
    }
  }
}

/**
 * Checks an optional per-class weight [C].
 *
 * @example
 * ```ts
 * checkClassWeight('nllLoss', weight, 10);
 * ```
 */
export function checkClassWeight(op: string, weight: Tensor | null | undefined, classes: number): void {
  if (!weight) return;
  checkTensor(op, weight, 'weight');
  expectFloat(op, 'weight', weight);
  if (weight.rank !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(`${op}: 'weight' must have shape [${classes}] (one per class), got ${fmtShape(weight.shape)}`);
  }
}

/**
 * Per-target weights: `kept` is 1 where the target is not ignored, else 0;
 * `weights` is `weight[target]·kept` (or `kept`); `safe` is the target with
 * ignored entries replaced by 0 (a valid index to gather with).
 *
 * @example
 * ```ts
 * const { safe, kept, weights } = targetWeights(target, -100, classWeight);
 * ```
 */
export function targetWeights(target: Tensor, ignoreIndex: number, weight: Tensor | null | undefined, dtype: DType = 'float32'): { safe: Tensor; kept: Tensor; weights: Tensor } {
  const safe = where(eq(target, ignoreIndex), 0, target);
  const kept = cast(ne(target, ignoreIndex), dtype);
  return { safe, kept, weights: weight ? mul(gather(weight, safe, 0), kept) : kept };
}

/**
 * Negative log-likelihood of class indices given log-probabilities
 * [N, C, ...] (or [C]): `-weight[y] · input[y]`, with PyTorch's weighted mean.
 *
 * @example
 * ```ts
 * nllLoss(logSoftmax(logits, 1), labels);
 * nllLoss(logProbs, labels, { weight: classWeights, ignoreIndex: 0 });
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  checkTensor(op, input, 'input');
  expectFloat(op, 'input', input);
  if (input.rank === 0) throw new ShapeError(`${op}: 'input' must have a class dim ([C] or [N, C, ...]), got a scalar`);
  const ignoreIndex = options.ignoreIndex ?? -100;
  const reduction = checkReduction(op, options.reduction ?? 'mean');
  checkClassTargets(op, input, target, ignoreIndex);
  const axis = classAxis(input.rank);
  checkClassWeight(op, options.weight, input.shape[axis]);
  return tidy(() => {
    const { safe, weights } = targetWeights(target, ignoreIndex, options.weight, input.dtype);
    const kept = input.shape.map((d, i) => (i === axis ? 1 : d));
    const picked = reshape(takeAlongAxis(input, reshape(safe, kept), axis), target.shape);
    const loss = neg(mul(picked, weights));
    if (reduction === 'none') return loss;
    if (reduction === 'sum') return sum(loss);
    return div(sum(loss), sum(weights));
  });
}
