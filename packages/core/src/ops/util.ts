import type { Backend } from '../backend/contract.js';
import { type DType, isFloatDType } from '../dtype.js';
import { describeValue, ValueError } from '../errors.js';
import { allocTensor } from '../engine/apply.js';
import { getBackend } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';

/** A tensor or a plain number (broadcast as a scalar). */
export type TensorLike = Tensor | number;

/**
 * A scalar tensor holding `value` on `backend`.
 *
 * @example
 * ```ts
 * const two = scalarOn(getBackend(), 2, 'float32');
 * ```
 */
export function scalarOn(backend: Backend, value: number, dtype: DType): Tensor {
  return allocTensor(backend, [], dtype, (k, out) => k.fill(out, value));
}

/**
 * The dtype a bare number takes next to a tensor of `other` dtype: the
 * tensor's own float dtype (as in PyTorch, `halfTensor * 0.5` stays float16),
 * else float32 for fractions and int32 for integers.
 */
export function numberDType(value: number, other: DType | undefined): DType {
  if (other !== undefined && isFloatDType(other)) return other;
  if (!Number.isInteger(value)) return 'float32';
  return 'int32';
}

/**
 * Converts op arguments: tensors pass through; numbers become scalar tensors
 * on the backend of the first tensor argument. `owned` lists the temporaries
 * to dispose after the op.
 */
export function convertArgs(op: string, args: readonly TensorLike[], names: readonly string[]): { tensors: Tensor[]; owned: Tensor[] } {
  const firstTensor = args.find((a): a is Tensor => a instanceof Tensor);
  const backend = firstTensor && !firstTensor.isDisposed ? firstTensor.backendImpl : getBackend();
  // A number takes the dtype of a float tensor among the arguments (where(cond, 0.5, halfTensor) stays float16), else of the first.
  const peer = args.find((a): a is Tensor => a instanceof Tensor && !a.isDisposed && isFloatDType(a.dtype)) ?? firstTensor;
  const owned: Tensor[] = [];
  const tensors = args.map((a, i) => {
    if (a instanceof Tensor) return a;
    if (typeof a === 'number') {
      const t = scalarOn(backend, a, numberDType(a, peer?.dtype));
      owned.push(t);
      return t;
    }
    if (typeof a === 'boolean') {
      const t = scalarOn(backend, a ? 1 : 0, 'bool');
      owned.push(t);
      return t;
    }
    throw new ValueError(`${op}: argument '${names[i] ?? i}' must be a Tensor or a number, got ${a === null ? 'null' : Array.isArray(a) ? 'an array' : typeof a}`);
  });
  return { tensors, owned };
}

/**
 * Runs `fn` on converted arguments and disposes the temporary scalars.
 *
 * @example
 * ```ts
 * withTensors('add', [x, 2], ['a', 'b'], ([a, b]) => addTensors(a, b));
 * ```
 */
export function withTensors<T>(op: string, args: readonly TensorLike[], names: readonly string[], fn: (tensors: Tensor[]) => T): T {
  const { tensors, owned } = convertArgs(op, args, names);
  try {
    return fn(tensors);
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** Throws `ValueError` unless `value` is a finite number (or NaN/Infinity when allowed). */
export function assertNumber(op: string, arg: string, value: unknown, opts: { integer?: boolean; min?: number; max?: number } = {}): number {
  if (typeof value !== 'number' || Number.isNaN(value) || (opts.integer && !Number.isInteger(value))) {
    throw new ValueError(`${op}: argument '${arg}' must be ${opts.integer ? 'an integer' : 'a number'}, got ${describeValue(value)}`);
  }
  if (opts.min !== undefined && value < opts.min) throw new ValueError(`${op}: argument '${arg}' must be >= ${opts.min}, got ${value}`);
  if (opts.max !== undefined && value > opts.max) throw new ValueError(`${op}: argument '${arg}' must be <= ${opts.max}, got ${value}`);
  return value;
}
