import { getBackend } from '../backend/registry.js';
import { assertDType, type DataArray, type DType, dtypeOfArray, makeArray } from '../dtype.js';
import { ShapeError, ValueError } from '../errors.js';
import { toHalfBits } from '../half.js';
import { allocTensor } from '../engine/apply.js';
import { checkAllocation } from '../engine/limits.js';
import { assertShape, fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertNumber } from './util.js';

/** Values `tensor()` accepts: a number, a typed array, or nested arrays of numbers/booleans. */
export type TensorValues = number | boolean | DataArray | readonly TensorValues[] | ArrayLike<number>;

/** Options shared by creation ops. */
export interface CreateOptions {
  /** The element type (default: inferred from the values, float32 for plain numbers and fills). */
  dtype?: DType;
  /** Make the new tensor a leaf that records gradients (`t.grad` after `backward()`); default false. */
  requiresGrad?: boolean;
}

function inferShape(values: unknown, op: string): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  if (ArrayBuffer.isView(v)) shape.push((v as DataArray).length);
  return shape.length === 0 && typeof values !== 'number' && typeof values !== 'boolean' && !Array.isArray(values) && !ArrayBuffer.isView(values)
    ? invalid(values, op)
    : shape;
}

function invalid(values: unknown, op: string): never {
  throw new ValueError(`${op}: argument 'values' must be a number, boolean, typed array or nested array, got ${values === null ? 'null' : typeof values}`);
}

function flatten(values: unknown, shape: number[], op: string): number[] {
  const out: number[] = [];
  const walk = (v: unknown, dim: number) => {
    if (dim === shape.length) {
      if (typeof v === 'number') out.push(v);
      else if (typeof v === 'boolean') out.push(v ? 1 : 0);
      else throw new ValueError(`${op}: nested arrays must hold numbers or booleans, found ${Array.isArray(v) ? 'an array' : typeof v} at depth ${dim}`);
      return;
    }
    const arr = v as ArrayLike<unknown>;
    if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || arr.length !== shape[dim]) {
      throw new ShapeError(`${op}: nested arrays are ragged: expected length ${shape[dim]} at depth ${dim}, found ${Array.isArray(v) || ArrayBuffer.isView(v) ? arr.length : typeof v}`);
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], dim + 1);
  };
  walk(values, 0);
  return out;
}

function firstLeaf(values: unknown): unknown {
  let v = values;
  while (Array.isArray(v)) v = v[0];
  return v;
}

/**
 * Creates a tensor from values. The dtype is inferred (typed arrays keep
 * theirs, booleans give bool, numbers give float32) unless given; `shape`
 * reshapes flat data.
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]);                 // float32 [2, 2]
 * tensor(new Int32Array([1, 2, 3]));        // int32 [3]
 * tensor([1, 2, 3, 4, 5, 6], [2, 3]);       // float32 [2, 3]
 * tensor([0, 1], undefined, 'bool');
 * ```
 */
export function tensor(values: TensorValues, shape?: readonly number[], dtype?: DType | CreateOptions): Tensor {
  const opts: CreateOptions = typeof dtype === 'string' ? { dtype } : (dtype ?? {});
  let flat: DataArray | number[];
  let inferred: number[];
  let dt: DType;
  if (ArrayBuffer.isView(values)) {
    flat = values as DataArray;
    inferred = [flat.length];
    dt = opts.dtype ?? (values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array ? dtypeOfArray(values) : 'float32');
  } else {
    inferred = inferShape(values, 'tensor');
    flat = inferred.length === 0 ? [typeof values === 'boolean' ? (values ? 1 : 0) : (values as number)] : flatten(values, inferred, 'tensor');
    dt = opts.dtype ?? (typeof firstLeaf(values) === 'boolean' ? 'bool' : 'float32');
  }
  if (opts.dtype !== undefined) assertDType(opts.dtype, 'tensor');
  const finalShape = shape ? assertShape(shape, 'tensor') : inferred;
  if (sizeOf(finalShape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values cannot fill shape ${fmtShape(finalShape)} (${sizeOf(finalShape)} elements)`);
  }
  const data = makeArray(dt, flat.length);
  if (dt === 'float16') for (let i = 0; i < flat.length; i++) data[i] = toHalfBits(flat[i]);
  else for (let i = 0; i < flat.length; i++) data[i] = dt === 'bool' ? (flat[i] ? 1 : 0) : flat[i];
  const backend = getBackend();
  const t = allocTensor(backend, finalShape, dt);
  if (data.length) backend.write(t.storage.handle, data);
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * A 0-d tensor.
 *
 * @example
 * ```ts
 * scalar(3.5);
 * ```
 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, [], dtype);
}

/**
 * A tensor filled with one value.
 *
 * @example
 * ```ts
 * full([2, 3], 7);
 * ```
 */
export function full(shape: readonly number[], value: number | boolean, dtype?: DType | CreateOptions): Tensor {
  const opts: CreateOptions = typeof dtype === 'string' ? { dtype } : (dtype ?? {});
  const s = assertShape(shape, 'full');
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : assertNumberOrSpecial('full', 'value', value);
  const dt = opts.dtype ? assertDType(opts.dtype, 'full') : typeof value === 'boolean' ? 'bool' : 'float32';
  const t = allocTensor(getBackend(), s, dt, (k, out) => k.fill(out, v), 'full');
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

function assertNumberOrSpecial(op: string, arg: string, v: unknown): number {
  if (typeof v !== 'number') throw new ValueError(`${op}: argument '${arg}' must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * zeros([2, 2]);
 * ```
 */
export function zeros(shape: readonly number[], dtype?: DType | CreateOptions): Tensor {
  return full(shape, 0, dtype);
}

/**
 * A tensor of ones.
 *
 * @example
 * ```ts
 * ones([3]);
 * ```
 */
export function ones(shape: readonly number[], dtype?: DType | CreateOptions): Tensor {
  return full(shape, 1, dtype);
}

/**
 * A tensor like `t` (shape, dtype, backend) filled with `value`.
 *
 * @example
 * ```ts
 * fullLike(x, 0.5);
 * ```
 */
export function fullLike(t: Tensor, value: number, dtype?: DType): Tensor {
  return allocTensor(t.backendImpl, t.shape, dtype ?? t.dtype, (k, out) => k.fill(out, value));
}

/**
 * Zeros shaped like `t`, on its backend.
 *
 * @example
 * ```ts
 * zerosLike(x);
 * ```
 */
export function zerosLike(t: Tensor, dtype?: DType): Tensor {
  return fullLike(t, 0, dtype);
}

/**
 * Ones shaped like `t`, on its backend.
 *
 * @example
 * ```ts
 * onesLike(x);
 * ```
 */
export function onesLike(t: Tensor, dtype?: DType): Tensor {
  return fullLike(t, 1, dtype);
}

/**
 * Evenly spaced values in [start, end). With one argument: [0, start).
 * The dtype is int32 when all arguments are integers, else float32.
 *
 * @example
 * ```ts
 * arange(5);          // [0, 1, 2, 3, 4] int32
 * arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75]
 * ```
 */
export function arange(start: number, end?: number, step = 1, dtype?: DType): Tensor {
  let lo = start;
  let hi = end;
  if (hi === undefined) {
    hi = lo;
    lo = 0;
  }
  assertNumber('arange', 'start', lo);
  assertNumber('arange', 'end', hi);
  assertNumber('arange', 'step', step);
  if (step === 0) throw new ValueError("arange: argument 'step' must be non-zero");
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  checkAllocation('arange', [n]);
  const dt = dtype ?? ([lo, hi, step].every(Number.isInteger) ? 'int32' : 'float32');
  const data = makeArray(dt, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return tensor(data, [n], dt);
}

/**
 * `steps` evenly spaced float32 values from start to end inclusive.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, end: number, steps: number): Tensor {
  assertNumber('linspace', 'start', start);
  assertNumber('linspace', 'end', end);
  assertNumber('linspace', 'steps', steps, { integer: true, min: 0 });
  checkAllocation('linspace', [steps]);
  const data = new Float32Array(steps);
  for (let i = 0; i < steps; i++) data[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return tensor(data, [steps]);
}

/**
 * An identity matrix (n x m, ones on the diagonal).
 *
 * @example
 * ```ts
 * eye(3);
 * ```
 */
export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  assertNumber('eye', 'n', n, { integer: true, min: 0 });
  assertNumber('eye', 'm', m, { integer: true, min: 0 });
  checkAllocation('eye', [n, m]);
  const data = makeArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return tensor(data, [n, m], dtype);
}
