import { ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { broadcastsTo, fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, gt, maximum, mul, sub, where } from '../binary.js';
import { checkTensor } from '../check.js';
import { log, neg, softplus } from '../unary.js';
import { expectFloat } from './geometry.js';
import { checkPair, checkReduction, type Reduction, reduceLoss } from './reduction.js';

/** Options of `binaryCrossEntropy`. */
export interface BinaryCrossEntropyOptions {
  /** Default 'mean'. */
  reduction?: Reduction;
  /** Per-element rescaling, broadcast to the input's shape. */
  weight?: Tensor | null;
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of positive examples, broadcast along the last (class) dim. */
  posWeight?: Tensor | null;
}

function checkBroadcastWeight(op: string, name: string, w: Tensor | null | undefined, shape: readonly number[]): void {
  if (!w) return;
  checkTensor(op, w, name);
  expectFloat(op, name, w);
  if (!broadcastsTo(w.shape, shape)) throw new ShapeError(`${op}: '${name}' ${fmtShape(w.shape)} does not broadcast to the input's shape ${fmtShape(shape)}`);
}

/** `max(log p, -100)`, with zero gradient (not NaN) where p = 0, as PyTorch's clamp. */
function clampedLog(p: Tensor): Tensor {
  const positive = gt(p, 0);
  return where(positive, maximum(log(where(positive, p, 1)), -100), -100);
}

/** Host check (sync-readable backends only) that probabilities lie in [0, 1]. */
function checkProbabilities(op: string, p: Tensor): void {
  if (!p.backendImpl.capabilities.syncRead) return;
  const data = p.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] <= 1)) {
      throw new ValueError(`${op}: 'input' must hold probabilities in [0, 1], found ${data[i]} at flat index ${i} of ${fmtShape(p.shape)}`);
    }
  }
}

/**
 * Binary cross-entropy of probabilities: `-w (t log p + (1 - t) log(1 - p))`
 * with each log clamped to >= -100, as PyTorch.
 *
 * @example
 * ```ts
 * binaryCrossEntropy(sigmoid(logits), labels);
 * ```
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkPair(op, input, target);
  const reduction = checkReduction(op, options.reduction ?? 'mean');
  checkBroadcastWeight(op, 'weight', options.weight, input.shape);
  checkProbabilities(op, input);
  return tidy(() => {
    const ll = add(mul(target, clampedLog(input)), mul(sub(1, target), clampedLog(sub(1, input))));
    const loss = options.weight ? mul(neg(ll), options.weight) : neg(ll);
    return reduceLoss(loss, reduction);
  });
}

/**
 * Binary cross-entropy on logits, in the stable form
 * `(1 - t) x + (1 + (posWeight - 1) t) softplus(-x)`, times `weight`.
 *
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(logits, labels, { posWeight: tensor([3]) });
 * ```
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkPair(op, input, target);
  const reduction = checkReduction(op, options.reduction ?? 'mean');
  checkBroadcastWeight(op, 'weight', options.weight, input.shape);
  checkBroadcastWeight(op, 'posWeight', options.posWeight, input.shape);
  return tidy(() => {
    const softTerm = softplus(neg(input));
    const scaled = options.posWeight ? mul(add(mul(sub(options.posWeight, 1), target), 1), softTerm) : softTerm;
    const loss = add(mul(sub(1, target), input), scaled);
    return reduceLoss(options.weight ? mul(loss, options.weight) : loss, reduction);
  });
}
