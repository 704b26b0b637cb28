// Movement kernels: each output element copied from one input element (or
// the pad value), located by multi-index arithmetic.
import type { TensorInfo } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { fmtShape, stridesOf } from '../shape.js';
import { broadcastOffsets, ravel, unravel } from './index-math.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/**
 * out = x permuted: out.shape[i] = x.shape[perm[i]].
 *
 * @example
 * ```ts
 * transposeKernel(x, out, [1, 0]);
 * ```
 */
export function transposeKernel(x: TensorInfo, out: TensorInfo, perm: readonly number[]): void {
  const xs = dataOf(x, 'transpose', 'x');
  const os = dataOf(out, 'transpose', 'out');
  if (perm.length !== x.shape.length || perm.some((p, i) => x.shape[p] !== out.shape[i])) {
    throw new ShapeError(`reference.transpose: perm ${JSON.stringify(perm)} does not map x ${fmtShape(x.shape)} to out ${fmtShape(out.shape)}`);
  }
  const xStrides = stridesOf(x.shape);
  const permStrides = perm.map((p) => xStrides[p]);
  const idx: number[] = [];
  for (let i = 0; i < os.length; i++) os[i] = xs[ravel(unravel(i, out.shape, idx), permStrides)];
}

/**
 * out[idx] = x[begin + idx * step] per dimension (steps non-zero, possibly negative).
 *
 * @example
 * ```ts
 * sliceKernel(x, out, [3], [-1]); // x[3], x[2], ... for out.shape [4]
 * ```
 */
export function sliceKernel(x: TensorInfo, out: TensorInfo, begin: readonly number[], step: readonly number[]): void {
  const xs = dataOf(x, 'slice', 'x');
  const os = dataOf(out, 'slice', 'out');
  const xStrides = stridesOf(x.shape);
  const idx: number[] = [];
  for (let i = 0; i < os.length; i++) {
    unravel(i, out.shape, idx);
    let off = 0;
    for (let d = 0; d < idx.length; d++) off += (begin[d] + idx[d] * step[d]) * xStrides[d];
    os[i] = xs[off];
  }
}

/**
 * Constant padding: x lands at offset `before` of out; every other element is `value`.
 *
 * @example
 * ```ts
 * padKernel(x, out, [1, 0], 0);
 * ```
 */
export function padKernel(x: TensorInfo, out: TensorInfo, before: readonly number[], value: number): void {
  const xs = dataOf(x, 'pad', 'x');
  const os = dataOf(out, 'pad', 'out');
  const xStrides = stridesOf(x.shape);
  const idx: number[] = [];
  for (let i = 0; i < os.length; i++) {
    unravel(i, out.shape, idx);
    let off = 0;
    let inside = true;
    for (let d = 0; d < idx.length; d++) {
      const src = idx[d] - before[d];
      if (src < 0 || src >= x.shape[d]) inside = false;
      off += src * xStrides[d];
    }
    if (inside) os[i] = xs[off];
    else storeAs(os, i, value, out.dtype);
  }
}

/**
 * Concatenation along `axis`: each output element comes from the input whose
 * range along the axis holds its coordinate.
 *
 * @example
 * ```ts
 * concatKernel([a, b], out, 0);
 * ```
 */
export function concatKernel(xs: readonly TensorInfo[], out: TensorInfo, axis: number): void {
  const os = dataOf(out, 'concat', 'out');
  const inputs = xs.map((x, k) => ({ data: dataOf(x, 'concat', `xs[${k}]`), shape: x.shape, strides: stridesOf(x.shape) }));
  const total = xs.reduce((s, x) => s + x.shape[axis], 0);
  if (total !== out.shape[axis]) {
    throw new ShapeError(`reference.concat: inputs sum to ${total} along axis ${axis} but out ${fmtShape(out.shape)} has ${out.shape[axis]}`);
  }
  const idx: number[] = [];
  for (let i = 0; i < os.length; i++) {
    unravel(i, out.shape, idx);
    let k = 0;
    let start = 0;
    while (idx[axis] >= start + inputs[k].shape[axis]) start += inputs[k++].shape[axis];
    idx[axis] -= start;
    os[i] = inputs[k].data[ravel(idx, inputs[k].strides)];
  }
}

/**
 * Broadcast copy of x to out.shape (NumPy rules).
 *
 * @example
 * ```ts
 * expandKernel(x, out); // x [3, 1] → out [2, 3, 4]
 * ```
 */
export function expandKernel(x: TensorInfo, out: TensorInfo): void {
  const xs = dataOf(x, 'expand', 'x');
  const os = dataOf(out, 'expand', 'out');
  const from = broadcastOffsets(x.shape, out.shape);
  for (let i = 0; i < os.length; i++) os[i] = xs[from[i]];
}
