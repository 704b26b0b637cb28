// Loss reductions and the argument checks shared by the loss functions.
import { isFloatDType } from '../../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { fmtShape, shapesEqual } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { mean, sum } from '../reduce.js';

/** How a loss combines its per-element values. */
export type Reduction = 'mean' | 'sum' | 'none';

/**
 * Throws `ValueError` unless `reduction` is one of `allowed`.
 *
 * @example
 * ```ts
 * checkReduction('mseLoss', 'mean');
 * ```
 */
export function checkReduction<R extends string>(op: string, reduction: R, allowed: readonly string[] = ['mean', 'sum', 'none']): R {
  if (!allowed.includes(reduction)) {
    throw new ValueError(`${op}: 'reduction' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(reduction)}`);
  }
  return reduction;
}

/**
 * Applies a reduction to per-element losses ('none' returns them as they are).
 *
 * @example
 * ```ts
 * reduceLoss(square(sub(a, b)), 'mean');
 * ```
 */
export function reduceLoss(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return mean(loss);
  if (reduction === 'sum') return sum(loss);
  return loss;
}

/**
 * Checks an (input, target) pair of float tensors of equal shape (mixed
 * float16/float32 pairs promote to float32 in the loss arithmetic).
 *
 * @example
 * ```ts
 * checkPair('mseLoss', input, target);
 * ```
 */
export function checkPair(op: string, input: Tensor, target: Tensor, names: [string, string] = ['input', 'target']): void {
  checkTensor(op, input, names[0]);
  checkTensor(op, target, names[1]);
  for (const [t, n] of [[input, names[0]], [target, names[1]]] as const) {
    if (!isFloatDType(t.dtype)) throw new DTypeError(`${op}: argument '${n}' must be float32 or float16, got ${t.dtype} ${fmtShape(t.shape)}`);
  }
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(`${op}: '${names[0]}' ${fmtShape(input.shape)} and '${names[1]}' ${fmtShape(target.shape)} must have the same shape`);
  }
}
