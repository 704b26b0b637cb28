// Softmax and log-softmax over the last axis, with the row maximum
// subtracted first so exp never overflows; sums in float64.
import type { TensorInfo } from '../backend/contract.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/** Calls `visit(start, len)` for every row of the last axis (a scalar is one row of length 1). */
function forEachRow(shape: readonly number[], size: number, visit: (start: number, len: number) => void): void {
  const len = shape.length === 0 ? 1 : shape[shape.length - 1];
  if (len === 0) return;
  for (let start = 0; start < size; start += len) visit(start, len);
}

/** max and log Σ exp(x − max) of one row. */
function rowStats(xs: ArrayLike<number>, start: number, len: number): { max: number; logSum: number } {
  let max = -Infinity;
  for (let k = 0; k < len; k++) max = Math.max(max, xs[start + k]);
  let sum = 0;
  for (let k = 0; k < len; k++) sum += Math.exp(xs[start + k] - max);
  return { max, logSum: Math.log(sum) };
}

/**
 * out = exp(x − max) / Σ exp(x − max) along the last axis.
 *
 * @example
 * ```ts
 * softmaxKernel(x, out);
 * ```
 */
export function softmaxKernel(x: TensorInfo, out: TensorInfo): void {
  const xs = dataOf(x, 'softmax', 'x');
  const os = dataOf(out, 'softmax', 'out');
  forEachRow(x.shape, xs.length, (start, len) => {
    const { max, logSum } = rowStats(xs, start, len);
    for (let k = 0; k < len; k++) storeAs(os, start + k, Math.exp(xs[start + k] - max - logSum), out.dtype);
  });
}

/**
 * out = x − max − log Σ exp(x − max) along the last axis.
 *
 * @example
 * ```ts
 * logSoftmaxKernel(x, out);
 * ```
 */
export function logSoftmaxKernel(x: TensorInfo, out: TensorInfo): void {
  const xs = dataOf(x, 'logSoftmax', 'x');
  const os = dataOf(out, 'logSoftmax', 'out');
  forEachRow(x.shape, xs.length, (start, len) => {
    const { max, logSum } = rowStats(xs, start, len);
    for (let k = 0; k < len; k++) storeAs(os, start + k, xs[start + k] - max - logSum, out.dtype);
  });
}
