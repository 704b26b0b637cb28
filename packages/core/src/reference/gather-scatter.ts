// `gather` and its adjoint `scatterAdd`. Out-of-range indices (negative or
// ≥ the axis size) gather 0 and are skipped by scatterAdd.
import type { TensorInfo } from '../backend/contract.js';
import { DTypeError } from '../errors.js';
import { sizeOf } from '../shape.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/** Sizes of the [outer, axis, inner] view of a tensor around `axis`. */
function around(shape: readonly number[], axis: number): { outer: number; len: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), len: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/**
 * out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]; picks x along axis.
 *
 * @example
 * ```ts
 * gatherKernel(x, indices, out, 0); // rows of x
 * ```
 */
export function gatherKernel(x: TensorInfo, indices: TensorInfo, out: TensorInfo, axis: number): void {
  if (indices.dtype !== 'int32') throw new DTypeError(`reference.gather: 'indices' must be int32, got ${indices.dtype}`);
  const xs = dataOf(x, 'gather', 'x');
  const is = dataOf(indices, 'gather', 'indices');
  const os = dataOf(out, 'gather', 'out');
  const { outer, len, inner } = around(x.shape, axis);
  const count = is.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const k = is[j];
      const inRange = k >= 0 && k < len;
      for (let r = 0; r < inner; r++) {
        const dst = (o * count + j) * inner + r;
        if (inRange) os[dst] = xs[(o * len + k) * inner + r];
        else storeAs(os, dst, 0, out.dtype);
      }
    }
  }
}

/**
 * out = zeros, then out[..., indices[j], ...] += updates[..., j, ...]; sums in float64.
 *
 * @example
 * ```ts
 * scatterAddKernel(indices, updates, out, 0);
 * ```
 */
export function scatterAddKernel(indices: TensorInfo, updates: TensorInfo, out: TensorInfo, axis: number): void {
  if (indices.dtype !== 'int32') throw new DTypeError(`reference.scatterAdd: 'indices' must be int32, got ${indices.dtype}`);
  const is = dataOf(indices, 'scatterAdd', 'indices');
  const us = dataOf(updates, 'scatterAdd', 'updates');
  const os = dataOf(out, 'scatterAdd', 'out');
  const { outer, len, inner } = around(out.shape, axis);
  const count = is.length;
  const acc = new Float64Array(os.length);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const k = is[j];
      if (k < 0 || k >= len) continue;
      for (let r = 0; r < inner; r++) acc[(o * len + k) * inner + r] += us[(o * count + j) * inner + r];
    }
  }
  // int32 sums wrap modulo 2^32 (exact in float64 for any realistic count).
  for (let i = 0; i < os.length; i++) storeAs(os, i, out.dtype === 'int32' ? acc[i] | 0 : acc[i], out.dtype);
}
