// Public slicing: slice (tf.slice: begin + size per dimension) and sliceAxis
// (a Python slice start:end:step along one axis). Both run the strided slice
// kernel; a slice covering all of x is a free view.
import { ShapeError, ValueError } from '../errors.js';
import { fmtShape, normalizeAxis, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';
import { stridedSliceOp } from './strided-slice.js';

function integerList(op: string, arg: string, v: unknown, rank: number, shape: readonly number[]): number[] {
  if (!Array.isArray(v) || v.length > rank || !v.every((e) => Number.isInteger(e))) {
    throw new ValueError(`${op}: argument '${arg}' must be an array of at most ${rank} integers for a tensor of shape ${fmtShape(shape)}, got ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/**
 * The block of `x` starting at `begin` with extent `size` per dimension
 * (tf.slice). A `size` entry of -1 takes everything to the end; `begin` and
 * `size` may be shorter than the rank (the remaining dimensions are taken
 * whole); a negative `begin` counts from the end.
 *
 * @example
 * ```ts
 * slice(tensor([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, -1]); // [[2, 3], [5, 6]]
 * slice(arange(10), [-3]); // [7, 8, 9]
 * ```
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  checkTensor('slice', x, 'x');
  const b = integerList('slice', 'begin', begin, x.rank, x.shape);
  const s = size === undefined ? [] : integerList('slice', 'size', size, x.rank, x.shape);
  const start = x.shape.map((n, i) => {
    const v = b[i] ?? 0;
    const r = v < 0 ? v + n : v;
    if (r < 0 || r > n) throw new ShapeError(`slice: begin[${i}] = ${v} is out of range for dimension ${i} of size ${n} (x ${fmtShape(x.shape)})`);
    return r;
  });
  const extent = x.shape.map((n, i) => {
    const v = s[i] ?? -1;
    if (v === -1) return n - start[i];
    if (v < 0 || start[i] + v > n) {
      throw new ShapeError(`slice: begin[${i}] = ${start[i]} with size[${i}] = ${v} does not fit in dimension ${i} of size ${n} (x ${fmtShape(x.shape)})`);
    }
    return v;
  });
  if (shapesEqual(extent, x.shape)) return reshape(x, x.shape);
  return stridedSliceOp(x, start, extent, x.shape.map(() => 1));
}

/** Python's `slice(start, end, step).indices(n)`: the first index read and the count. */
function pythonSlice(n: number, start: number | null | undefined, end: number | null | undefined, step: number): { first: number; count: number } {
  const lowest = step > 0 ? 0 : -1;
  const highest = step > 0 ? n : n - 1;
  const clampEnd = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, lowest), highest);
  const first = start === null || start === undefined ? (step > 0 ? 0 : n - 1) : clampEnd(start);
  const stop = end === null || end === undefined ? (step > 0 ? n : -1) : clampEnd(end);
  const count = step > 0 ? Math.ceil((stop - first) / step) : Math.ceil((first - stop) / -step);
  return { first, count: Math.max(0, count) };
}

/**
 * Python slicing `x[..., start:end:step, ...]` along one axis: negative
 * start/end count from the end, out-of-range bounds clamp, `null`/omitted
 * bounds mean "from the start / to the end" in the step's direction, and a
 * negative step walks backwards.
 *
 * @example
 * ```ts
 * sliceAxis(arange(6), 0, 1, 5, 2); // [1, 3]
 * sliceAxis(arange(6), 0, null, null, -1); // [5, 4, 3, 2, 1, 0]
 * sliceAxis(arange(6), 0, -2); // [4, 5]
 * ```
 */
export function sliceAxis(x: Tensor, axis: number, start?: number | null, end?: number | null, step = 1): Tensor {
  checkTensor('sliceAxis', x, 'x');
  const a = normalizeAxis(axis, x.rank, 'sliceAxis', 'axis');
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (v !== null && v !== undefined && !Number.isInteger(v)) throw new ValueError(`sliceAxis: argument '${name}' must be an integer or null, got ${JSON.stringify(v)}`);
  }
  if (!Number.isInteger(step) || step === 0) throw new ValueError(`sliceAxis: argument 'step' must be a non-zero integer, got ${JSON.stringify(step)}`);
  const { first, count } = pythonSlice(x.shape[a], start, end, step);
  if (step === 1 && first === 0 && count === x.shape[a]) return reshape(x, x.shape);
  const begin = x.shape.map((_, i) => (i === a ? (count > 0 ? first : 0) : 0));
  const shape = x.shape.map((n, i) => (i === a ? count : n));
  const steps = x.shape.map((_, i) => (i === a ? step : 1));
  return stridedSliceOp(x, begin, shape, steps);
}
