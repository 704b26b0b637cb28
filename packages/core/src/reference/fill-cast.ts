// The `fill` and `cast` kernels: a value or a whole tensor converted to the output dtype.
import type { TensorInfo } from '../backend/contract.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/**
 * out[i] = value, converted to out's dtype.
 *
 * @example
 * ```ts
 * fillKernel(out, 0);
 * ```
 */
export function fillKernel(out: TensorInfo, value: number): void {
  const os = dataOf(out, 'fill', 'out');
  for (let i = 0; i < os.length; i++) storeAs(os, i, value, out.dtype);
}

/**
 * out = x converted to out.dtype: float → int truncates toward zero
 * (saturating, NaN → 0), anything → bool is x != 0, bool → number is 0/1.
 *
 * @example
 * ```ts
 * castKernel(x, out);
 * ```
 */
export function castKernel(x: TensorInfo, out: TensorInfo): void {
  const xs = dataOf(x, 'cast', 'x');
  const os = dataOf(out, 'cast', 'out');
  for (let i = 0; i < os.length; i++) storeAs(os, i, xs[i], out.dtype);
}
