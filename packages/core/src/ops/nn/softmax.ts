import { apply } from '../../engine/apply.js';
import { noGrad, tidy } from '../../engine/scope.js';
import { normalizeAxis } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { div, mul, sub } from '../binary.js';
import { checkTensor } from '../check.js';
import { permute } from '../permute.js';
import { reshape } from '../reshape.js';
import { logSumExp, max, sum } from '../reduce.js';
import { exp } from '../unary.js';
import { expectFloat } from './geometry.js';
import { hasFused } from './host-constant.js';

/** Softmax over the last axis on the fused kernel; backward `y ⊙ (dy - Σ dy ⊙ y)` from the saved output y. */
function softmaxLastFused(x: Tensor): Tensor {
  return apply({
    op: 'softmax',
    inputs: [x],
    shape: x.shape,
    dtype: x.dtype,
    kernel: (k, [xi], out) => k.softmax!(xi, out),
    backward: (dy, [y]) => [mul(y, sub(dy, sum(mul(dy, y), -1, true)))],
    save: [],
    saveOutput: true,
  });
}

/** Log-softmax over the last axis on the fused kernel; backward `dy - exp(y) Σ dy` from the saved output y. */
function logSoftmaxLastFused(x: Tensor): Tensor {
  return apply({
    op: 'logSoftmax',
    inputs: [x],
    shape: x.shape,
    dtype: x.dtype,
    kernel: (k, [xi], out) => k.logSoftmax!(xi, out),
    backward: (dy, [y]) => [sub(dy, mul(exp(y), sum(dy, -1, true)))],
    save: [],
    saveOutput: true,
  });
}

/** Runs a last-axis kernel over any axis by moving that axis last and back. */
function alongAxis(x: Tensor, axis: number, fn: (t: Tensor) => Tensor): Tensor {
  if (axis === x.rank - 1) return fn(x);
  return tidy(() => {
    const perm = x.shape.map((_, i) => i).filter((i) => i !== axis);
    perm.push(axis);
    const back = new Array<number>(x.rank);
    perm.forEach((p, i) => {
      back[p] = i;
    });
    return permute(fn(permute(x, perm)), back);
  });
}

function prepare(op: string, x: Tensor, axis: number): number {
  checkTensor(op, x, 'x');
  expectFloat(op, 'x', x);
  return normalizeAxis(axis, Math.max(x.rank, 1), op);
}

/**
 * `exp(x) / Σ exp(x)` along an axis (the last by default), computed stably.
 *
 * @example
 * ```ts
 * softmax(tensor([[1, 2, 3]])); // [[0.090, 0.245, 0.665]]
 * softmax(logits, 1);
 * ```
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const ax = prepare('softmax', x, axis);
  if (x.rank === 0) return tidy(() => reshape(softmax(reshape(x, [1])), []));
  if (hasFused(x, ['softmax'])) return alongAxis(x, ax, softmaxLastFused);
  return tidy(() => {
    const shift = noGrad(() => max(x, ax, true));
    const e = exp(sub(x, shift));
    return div(e, sum(e, ax, true));
  });
}

/**
 * `x - log Σ exp(x)` along an axis (the last by default), computed stably.
 *
 * @example
 * ```ts
 * logSoftmax(logits); // log-probabilities
 * ```
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const ax = prepare('logSoftmax', x, axis);
  if (x.rank === 0) return tidy(() => reshape(logSoftmax(reshape(x, [1])), []));
  if (hasFused(x, ['logSoftmax'])) return alongAxis(x, ax, logSoftmaxLastFused);
  return tidy(() => sub(x, logSumExp(x, ax, true)));
}
