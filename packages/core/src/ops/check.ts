import { liveTensor } from '../engine/apply.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Throws unless `t` is a live Tensor; names the op and argument (the same
 * check `apply` makes, for ops that validate before they build a kernel call).
 *
 * @example
 * ```ts
 * checkTensor('relu', x, 'x');
 * ```
 */
export function checkTensor(op: string, t: unknown, arg: string): asserts t is Tensor {
  liveTensor(op, t, arg);
}
