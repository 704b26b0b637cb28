import type { RandomKind } from '../backend/contract.js';
import { getBackend } from '../backend/registry.js';
import { type DType, isFloatDType } from '../dtype.js';
import { ValueError } from '../errors.js';
import { allocTensor } from '../engine/apply.js';
import { tidy } from '../engine/scope.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { decodeHalf } from '../half.js';
import { assertShape, fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, lt, mul } from './binary.js';
import { cast } from './cast.js';
import { checkTensor } from './check.js';
import { floor } from './unary.js';
import { assertNumber } from './util.js';

/** Options of the random creation ops. */
export interface RandomOptions {
  /** The stream to draw from (the default generator, set by `seed()`, otherwise). */
  generator?: Generator;
  /** Make the new tensor a leaf that records gradients (default false). */
  requiresGrad?: boolean;
  /** A float dtype for the draws (default float32; float16 where the backend has it). */
  dtype?: 'float32' | 'float16';
}

function draw(op: string, shape: readonly number[], kind: RandomKind, a: number, b: number, options: RandomOptions): Tensor {
  const s = assertShape(shape, op);
  const g = options.generator ?? defaultGenerator;
  const offset = g.take(sizeOf(s));
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float16') throw new ValueError(`${op}: 'dtype' must be 'float32' or 'float16', got ${JSON.stringify(dtype)}`);
  const t = allocTensor(getBackend(), s, dtype, (k, out) => k.random(out, { kind, key0: g.key0, key1: g.key1, offset, a, b }));
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * Uniform floats in [low, high) (default [0, 1)).
 *
 * @example
 * ```ts
 * seed(1);
 * rand([2, 3]);
 * rand([4], { low: -1, high: 1, generator: new Generator(7) });
 * ```
 */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const low = assertNumber('rand', 'low', options.low ?? 0);
  const high = assertNumber('rand', 'high', options.high ?? 1);
  return draw('rand', shape, 'uniform', low, high, options);
}

/**
 * Normal floats (default mean 0, std 1).
 *
 * @example
 * ```ts
 * randn([2, 3], { mean: 0, std: 0.1 });
 * ```
 */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const m = assertNumber('randn', 'mean', options.mean ?? 0);
  const sd = assertNumber('randn', 'std', options.std ?? 1, { min: 0 });
  return draw('randn', shape, 'normal', m, sd, options);
}

/**
 * Uniform integers in [low, high), int32.
 *
 * @example
 * ```ts
 * randint(0, 10, [5]);
 * ```
 */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  assertNumber('randint', 'low', low, { integer: true });
  assertNumber('randint', 'high', high, { integer: true });
  if (high <= low) throw new ValueError(`randint: 'high' (${high}) must be greater than 'low' (${low})`);
  return tidy(() => {
    const u = draw('randint', shape, 'uniform', 0, 1, { ...options, dtype: 'float32' });
    return cast(floor(add(mul(u, high - low), low)), 'int32');
  });
}

/**
 * 0/1 draws with probability `p` (a number, or a tensor of probabilities), float32 (or `options.dtype`).
 *
 * @example
 * ```ts
 * bernoulli(0.3, [10]);
 * bernoulli(tensor([0.1, 0.9]));
 * ```
 */
export function bernoulli(p: number | Tensor, shape?: readonly number[], options: RandomOptions = {}): Tensor {
  if (typeof p === 'number') {
    assertNumber('bernoulli', 'p', p, { min: 0, max: 1 });
    if (!shape) throw new ValueError("bernoulli: argument 'shape' is required when 'p' is a number");
    return draw('bernoulli', shape, 'bernoulli', p, 0, options);
  }
  checkTensor('bernoulli', p, 'p');
  checkProbabilities(p);
  return tidy(() => cast(lt(draw('bernoulli', p.shape, 'uniform', 0, 1, options), p), options.dtype ?? 'float32'));
}

/** Where `p` reads synchronously, refuses probabilities outside [0, 1] and NaN (as PyTorch); async backends treat p > 1 as 1 and p < 0 or NaN as 0. */
function checkProbabilities(p: Tensor): void {
  const b = p.backendImpl;
  if (!b.capabilities.syncRead || typeof b.readSync !== 'function' || p.size === 0) return;
  const raw = b.readSync(p.storage.handle);
  const v = p.dtype === 'float16' ? decodeHalf(raw as Uint16Array) : raw;
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] <= 1)) throw new ValueError(`bernoulli: argument 'p' ${fmtShape(p.shape)} holds ${v[i]} at flat position ${i}, outside [0, 1]`);
  }
}

/**
 * Uniform [0, 1) floats shaped like `t`.
 *
 * @example
 * ```ts
 * randLike(x);
 * ```
 */
export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  checkTensor('randLike', t, 't');
  return rand(t.shape, { dtype: isFloatDType(t.dtype) ? (t.dtype as 'float32' | 'float16') : 'float32', ...options });
}

/**
 * Standard normal floats shaped like `t`.
 *
 * @example
 * ```ts
 * randnLike(x);
 * ```
 */
export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  checkTensor('randnLike', t, 't');
  return randn(t.shape, { dtype: isFloatDType(t.dtype) ? (t.dtype as 'float32' | 'float16') : 'float32', ...options });
}

export type { DType };
