// The counter-based `random` kernel, element by element from the core's Philox.
import type { RandomAttrs, TensorInfo } from '../backend/contract.js';
import { randomValue } from '../random/philox.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/**
 * out[i] = randomValue(kind, key0, key1, offset, i, a, b), as `RandomAttrs` defines.
 *
 * @example
 * ```ts
 * randomKernel(out, { kind: 'normal', key0: 1, key1: 2, offset: 0, a: 0, b: 1 });
 * ```
 */
export function randomKernel(out: TensorInfo, attrs: RandomAttrs): void {
  const os = dataOf(out, 'random', 'out');
  const scratch = [0, 0, 0, 0];
  for (let i = 0; i < os.length; i++) {
    storeAs(os, i, randomValue(attrs.kind, attrs.key0, attrs.key1, attrs.offset, i, attrs.a, attrs.b, scratch), out.dtype);
  }
}
