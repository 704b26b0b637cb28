// The `reduce` and `argReduce` kernels, accumulating in float64 (int32 sums
// and products wrap modulo 2^32, as int32 hardware arithmetic does).
import type { ReduceOp, TensorInfo } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { fmtShape, sizeOf, stridesOf } from '../shape.js';
import { unravel } from './index-math.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

interface Reducer {
  /** The result of an empty reduction. */
  init: number;
  step: (acc: number, v: number) => number;
}

const FLOAT_REDUCERS: Record<ReduceOp, Reducer> = {
  sum: { init: 0, step: (acc, v) => acc + v },
  prod: { init: 1, step: (acc, v) => acc * v },
  // Math.max/min propagate NaN, as torch.max/min do.
  max: { init: -Infinity, step: (acc, v) => Math.max(acc, v) },
  min: { init: Infinity, step: (acc, v) => Math.min(acc, v) },
  all: { init: 1, step: (acc, v) => (acc !== 0 && v !== 0 ? 1 : 0) },
  any: { init: 0, step: (acc, v) => (acc !== 0 || v !== 0 ? 1 : 0) },
};

/** int32: wrapping sums and products; empty max/min give the int32 extremes (±Inf has no int32 form). */
const INT_REDUCERS: Record<ReduceOp, Reducer> = {
  ...FLOAT_REDUCERS,
  sum: { init: 0, step: (acc, v) => (acc + v) | 0 },
  prod: { init: 1, step: (acc, v) => Math.imul(acc, v) },
  max: { init: -2147483648, step: (acc, v) => Math.max(acc, v) },
  min: { init: 2147483647, step: (acc, v) => Math.min(acc, v) },
};

/** For each element of a tensor of `shape`, the flat index of its output once `axes` are removed. */
function outputOffsets(shape: readonly number[], axes: readonly number[]): Float64Array {
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outStrides = stridesOf(kept.map((d) => shape[d]));
  const n = sizeOf(shape);
  const offsets = new Float64Array(n);
  const idx = new Array<number>(shape.length);
  for (let i = 0; i < n; i++) {
    unravel(i, shape, idx);
    let off = 0;
    kept.forEach((d, k) => {
      off += idx[d] * outStrides[k];
    });
    offsets[i] = off;
  }
  return offsets;
}

function checkAxes(op: string, shape: readonly number[], axes: readonly number[]): void {
  axes.forEach((a, i) => {
    if (!Number.isInteger(a) || a < 0 || a >= shape.length || (i > 0 && a <= axes[i - 1])) {
      throw new ShapeError(`reference.${op}: axes ${JSON.stringify(axes)} must be sorted, unique and in 0..${shape.length - 1} for x ${fmtShape(shape)}`);
    }
  });
}

/**
 * Reduces the sorted, unique `axes` of x; out.shape is x.shape without them.
 * Empty reductions give sum 0, prod 1, max −Inf, min +Inf, all true, any false.
 *
 * @example
 * ```ts
 * reduceKernel(x, out, 'sum', [0, 2]);
 * ```
 */
export function reduceKernel(x: TensorInfo, out: TensorInfo, op: ReduceOp, axes: readonly number[]): void {
  checkAxes('reduce', x.shape, axes);
  const xs = dataOf(x, 'reduce', 'x');
  const os = dataOf(out, 'reduce', 'out');
  const r = (x.dtype === 'int32' ? INT_REDUCERS : FLOAT_REDUCERS)[op];
  const acc = new Float64Array(os.length).fill(r.init);
  const to = outputOffsets(x.shape, axes);
  for (let i = 0; i < xs.length; i++) acc[to[i]] = r.step(acc[to[i]], xs[i]);
  for (let i = 0; i < os.length; i++) storeAs(os, i, acc[i], out.dtype);
}

/** a beats b for argmax: greater, or NaN against a number (NaN is greater than everything). */
function beatsForMax(a: number, b: number): boolean {
  return a > b || (Number.isNaN(a) && !Number.isNaN(b));
}

/** a beats b for argmin: smaller, or a number against NaN. */
function beatsForMin(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/**
 * Index (int32) of the first max/min along `axis`; out.shape is x.shape
 * without `axis`. NaN compares as greater than everything, so argmax picks
 * the first NaN and argmin skips NaNs. An empty axis gives 0.
 *
 * @example
 * ```ts
 * argReduceKernel(x, out, 'argmax', 1);
 * ```
 */
export function argReduceKernel(x: TensorInfo, out: TensorInfo, op: 'argmax' | 'argmin', axis: number): void {
  checkAxes('argReduce', x.shape, [axis]);
  const xs = dataOf(x, 'argReduce', 'x');
  const os = dataOf(out, 'argReduce', 'out');
  const len = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const beats = op === 'argmax' ? beatsForMax : beatsForMin;
  for (let o = 0; o < os.length; o++) {
    const base = Math.floor(o / inner) * len * inner + (o % inner);
    let best = 0;
    for (let j = 1; j < len; j++) if (beats(xs[base + j * inner], xs[base + best * inner])) best = j;
    os[o] = best;
  }
}
