import type { DataArray } from '@dendrite/core';

/**
 * A sample kept in host memory with its shape: what datasets return so that
 * a batch becomes one tensor with a single upload, not one tensor per item.
 * A plain object (no class), so it survives `postMessage` from worker
 * threads unchanged.
 *
 * @example
 * ```ts
 * const img: HostArray = { data: new Float32Array(784), shape: [1, 28, 28] };
 * ```
 */
export interface HostArray {
  /** The values, row-major. */
  data: DataArray;
  /** The dimensions. */
  shape: number[];
}

/**
 * True for an object with exactly a typed-array `data` and an array `shape`.
 *
 * @example
 * ```ts
 * isHostArray({ data: new Float32Array(2), shape: [2] }); // true
 * ```
 */
export function isHostArray(x: unknown): x is HostArray {
  if (typeof x !== 'object' || x === null) return false;
  const keys = Object.keys(x);
  const h = x as HostArray;
  return keys.length === 2 && Array.isArray(h.shape) && (h.data instanceof Float32Array || h.data instanceof Int32Array || h.data instanceof Uint8Array);
}
