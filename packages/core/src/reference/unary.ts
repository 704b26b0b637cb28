// The `unary` kernel: each op computed in float64 and stored in the output dtype.
import type { TensorInfo, UnaryOp } from '../backend/contract.js';
import { DTypeError } from '../errors.js';
import { dataOf } from './memory.js';
import { erf, gelu, roundHalfEven, sigmoid, softplus } from './scalar-math.js';
import { storeAs } from './store.js';

type Scalar = (x: number, alpha: number) => number;

/** Float definitions (float64 math; the output store rounds to float32). */
const FLOAT_OPS: Record<UnaryOp, Scalar> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  sign: (x) => Math.sign(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  log1p: (x) => Math.log1p(x),
  expm1: (x) => Math.expm1(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  tanh: (x) => Math.tanh(x),
  sigmoid: (x) => sigmoid(x),
  relu: (x) => Math.max(x, 0), // NaN stays NaN, as torch.relu
  leakyRelu: (x, alpha) => (x > 0 ? x : alpha * x),
  elu: (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  gelu: (x) => gelu(x),
  softplus: (x) => softplus(x),
  erf: (x) => erf(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  round: (x) => roundHalfEven(x),
  logicalNot: (x) => (x === 0 ? 1 : 0),
};

/**
 * int32 definitions where they differ from the float ones: results wrap
 * modulo 2^32 (−INT32_MIN = INT32_MIN, as in two's complement hardware).
 */
const INT_OPS: Partial<Record<UnaryOp, Scalar>> = {
  neg: (x) => -x | 0,
  abs: (x) => Math.abs(x) | 0,
  square: (x) => Math.imul(x, x),
  floor: (x) => x,
  ceil: (x) => x,
  round: (x) => x,
  relu: (x) => Math.max(x, 0),
};

/**
 * out = op(x) elementwise; `alpha` is leakyRelu's slope and elu's scale.
 * Output dtype is x's except logicalNot (bool).
 *
 * @example
 * ```ts
 * unaryKernel(x, out, 'gelu', 0);
 * ```
 */
export function unaryKernel(x: TensorInfo, out: TensorInfo, op: UnaryOp, alpha: number): void {
  const xs = dataOf(x, 'unary', 'x');
  const os = dataOf(out, 'unary', 'out');
  const expected = op === 'logicalNot' ? 'bool' : x.dtype;
  if (out.dtype !== expected) throw new DTypeError(`reference.unary(${op}): out must be ${expected} for a ${x.dtype} input, got ${out.dtype}`);
  const f = (x.dtype === 'int32' ? INT_OPS[op] : undefined) ?? FLOAT_OPS[op];
  if (!f) throw new DTypeError(`reference.unary: unknown op '${String(op)}'`);
  for (let i = 0; i < xs.length; i++) storeAs(os, i, f(xs[i], alpha), out.dtype);
}
