import type { ReduceOp } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { apply } from '../engine/apply.js';
import { noGrad, tidy } from '../engine/scope.js';
import { fmtShape, normalizeAxes, normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, eq, logicalAnd, mul, sub, where } from './binary.js';
import { broadcastTo } from './broadcast.js';
import { cast } from './cast.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';
import { exp, log, sqrt, square } from './unary.js';

/** Axis argument of reductions: one axis, several, or all (undefined). */
export type Axis = number | readonly number[] | undefined | null;

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Runs the reduce kernel over `axes` and reshapes for keepDims. */
function reduceOp(op: ReduceOp, name: string, x: Tensor, axis: Axis, keepDims: boolean, backward?: (dy: Tensor, x: Tensor, result: () => Tensor, axes: number[]) => Tensor): Tensor {
  checkTensor(name, x, 'x');
  const axes = normalizeAxes(axis, x.rank, name);
  const outShape = x.shape.filter((_, i) => !axes.includes(i));
  const logical = op === 'all' || op === 'any';
  let input = x;
  if (logical && x.dtype !== 'bool') input = cast(x, 'bool');
  else if (!logical && x.dtype === 'bool') input = cast(x, 'int32');
  const y = apply({
    op: name,
    inputs: [input],
    shape: outShape,
    dtype: input.dtype,
    kernel: (k, [a], out) => k.reduce(a, out, op, axes),
    backward: backward
      ? (dy, [a]) => {
          // dy (and, for the ops that need it, the recomputed result) in keepDims form, to broadcast against x.
          const kept = keptShape(a.shape, axes);
          const result = () => noGrad(() => reshape(reduceRaw(op, a, axes), kept));
          return [backward(reshape(dy, kept), a, result, axes)];
        }
      : undefined,
  });
  if (input !== x) input.dispose();
  if (!keepDims) return y;
  const r = reshape(y, keptShape(x.shape, axes));
  y.dispose();
  return r;
}

function reduceRaw(op: ReduceOp, a: Tensor, axes: number[]): Tensor {
  return apply({ op, inputs: [a], shape: a.shape.filter((_, i) => !axes.includes(i)), dtype: a.dtype, kernel: (k, [t], out) => k.reduce(t, out, op, axes) });
}

/**
 * Sum over axes (all by default). Bool and int32 inputs sum to int32.
 *
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 1); // [3, 7]
 * ```
 */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('sum', 'sum', x, axis, keepDims, (dy, a) => broadcastTo(dy, a.shape));
}

/**
 * Mean over axes (all by default); float32, or float16 for float16 input (summed in float32).
 *
 * @example
 * ```ts
 * mean(tensor([1, 2, 3, 4])); // 2.5
 * ```
 */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  checkTensor('mean', x, 'x');
  const axes = normalizeAxes(axis, x.rank, 'mean');
  const n = sizeOf(axes.map((a) => x.shape[a]));
  // float16 sums in float32 (a float16 sum of many values overflows past 65504) and rounds once at the end.
  return tidy(() => {
    const m = div(sum(x.dtype === 'float32' ? x : cast(x, 'float32'), axes, keepDims), n);
    return x.dtype === 'float16' ? cast(m, 'float16') : m;
  });
}

/**
 * Product over axes (all by default). Its gradient is exact with zeros in the input.
 *
 * @example
 * ```ts
 * prod(tensor([1, 2, 3])); // 6
 * ```
 */
export function prod(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('prod', 'prod', x, axis, keepDims, (dy, a, _result, axes) => {
    // d prod / d x_i = product of the others: prod/x without zeros; with one zero only that slot gets the product of the non-zeros.
    const isZero = eq(a, 0);
    const nonZero = where(isZero, 1, a);
    const kept = keptShape(a.shape, axes);
    const prodNZ = reshape(reduceRaw('prod', nonZero, axes), kept);
    const zeros = reshape(reduceRaw('sum', cast(isZero, 'int32'), axes), kept);
    const none = eq(zeros, 0);
    const one = eq(zeros, 1);
    const g = where(none, div(prodNZ, a), where(logicalAnd(one, isZero), prodNZ, 0));
    return mul(broadcastTo(dy, a.shape), g);
  });
}

function extremumGrad(dy: Tensor, a: Tensor, result: () => Tensor, axes: number[]): Tensor {
  // Ties share the gradient evenly, as torch.amax/amin do.
  const mask = cast(eq(a, result()), a.dtype);
  const count = reshape(reduceRaw('sum', mask, axes), keptShape(a.shape, axes));
  return mul(div(broadcastTo(dy, a.shape), count), mask);
}

/**
 * Maximum over axes (all by default).
 *
 * @example
 * ```ts
 * max(tensor([[1, 5], [3, 2]]), 0); // [3, 5]
 * ```
 */
export function max(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  emptyCheck('max', x, axis);
  return reduceOp('max', 'max', x, axis, keepDims, extremumGrad);
}

/**
 * Minimum over axes (all by default).
 *
 * @example
 * ```ts
 * min(tensor([[1, 5], [3, 2]]), 1); // [1, 2]
 * ```
 */
export function min(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  emptyCheck('min', x, axis);
  return reduceOp('min', 'min', x, axis, keepDims, extremumGrad);
}

function emptyCheck(op: string, x: Tensor, axis: Axis): void {
  checkTensor(op, x, 'x');
  const axes = normalizeAxes(axis, x.rank, op);
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new ShapeError(`${op}: cannot reduce over an empty dimension (shape ${fmtShape(x.shape)}, axes ${JSON.stringify(axes)})`);
  }
}

/**
 * True where all elements along the axes are true (non-zero).
 *
 * @example
 * ```ts
 * all(tensor([true, false])); // false
 * ```
 */
export function all(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('all', 'all', x, axis, keepDims);
}

/**
 * True where any element along the axes is true (non-zero).
 *
 * @example
 * ```ts
 * any(tensor([true, false])); // true
 * ```
 */
export function any(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return reduceOp('any', 'any', x, axis, keepDims);
}

function argOp(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  checkTensor(op, x, 'x');
  let input = x;
  let ax: number;
  if (axis === undefined || axis === null) {
    input = reshape(x, [x.size]);
    ax = 0;
  } else {
    ax = normalizeAxis(axis, x.rank, op);
  }
  if (input.shape[ax] === 0) throw new ShapeError(`${op}: cannot take ${op} over an empty dimension (shape ${fmtShape(x.shape)})`);
  const src = input.dtype === 'bool' ? cast(input, 'int32') : input;
  const outShape = input.shape.filter((_, i) => i !== ax);
  const y = apply({ op, inputs: [src], shape: outShape, dtype: 'int32', kernel: (k, [a], out) => k.argReduce(a, out, op, ax) });
  if (src !== input) src.dispose();
  if (input !== x) input.dispose();
  if (!keepDims) return y;
  const kept = axis === undefined || axis === null ? x.shape.map(() => 1) : x.shape.map((d, i) => (i === ax ? 1 : d));
  const r = reshape(y, kept);
  y.dispose();
  return r;
}

/**
 * Index of the maximum along an axis (of the flattened tensor when no axis); int32.
 *
 * @example
 * ```ts
 * argmax(tensor([[1, 5], [3, 2]]), 1); // [1, 0]
 * ```
 */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argOp('argmax', x, axis, keepDims);
}

/**
 * Index of the minimum along an axis (of the flattened tensor when no axis); int32.
 *
 * @example
 * ```ts
 * argmin(tensor([3, 1, 2])); // 1
 * ```
 */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argOp('argmin', x, axis, keepDims);
}

/** Options of `variance` and `std`. */
export interface VarianceOptions {
  /** Bessel's correction (divide by n - 1), as PyTorch's default. */
  unbiased?: boolean;
  /** Keep the reduced axes as size 1, so the result broadcasts against `x` (default false). */
  keepDims?: boolean;
}

/**
 * Variance over axes (unbiased by default, as `torch.var`).
 *
 * @example
 * ```ts
 * variance(tensor([1, 2, 3, 4])); // 1.6667
 * ```
 */
export function variance(x: Tensor, axis?: Axis, options: VarianceOptions = {}): Tensor {
  checkTensor('variance', x, 'x');
  const axes = normalizeAxes(axis, x.rank, 'variance');
  const n = sizeOf(axes.map((a) => x.shape[a]));
  const denom = options.unbiased === false ? n : n - 1;
  return tidy(() => {
    const xf = x.dtype === 'float32' ? x : cast(x, 'float32');
    const centered = sub(xf, mean(xf, axes, true));
    const v = div(sum(square(centered), axes, options.keepDims ?? false), denom);
    return x.dtype === 'float16' ? cast(v, 'float16') : v;
  });
}

/**
 * Standard deviation over axes (unbiased by default).
 *
 * @example
 * ```ts
 * std(tensor([1, 2, 3, 4])); // 1.2910
 * ```
 */
export function std(x: Tensor, axis?: Axis, options: VarianceOptions = {}): Tensor {
  return tidy(() => sqrt(variance(x, axis, options)));
}

/**
 * `log(sum(exp(x)))` over axes, computed stably by subtracting the maximum.
 *
 * @example
 * ```ts
 * logSumExp(tensor([1000, 1000])); // 1000.6931
 * ```
 */
export function logSumExp(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  checkTensor('logSumExp', x, 'x');
  const axes = normalizeAxes(axis, x.rank, 'logSumExp');
  return tidy(() => {
    const m = noGrad(() => {
      const raw = max(x, axes, true);
      return where(eq(raw, raw), where(eq(raw, Number.POSITIVE_INFINITY), 0, where(eq(raw, Number.NEGATIVE_INFINITY), 0, raw)), 0);
    });
    const s = log(sum(exp(sub(x, m)), axes, true));
    const out = add(s, m);
    return keepDims ? out : reshape(out, x.shape.filter((_, i) => !axes.includes(i)));
  });
}
