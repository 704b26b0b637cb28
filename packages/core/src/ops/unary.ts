import { apply } from '../engine/apply.js';
import type { BackwardFn } from '../autograd/node.js';
import type { DType } from '../dtype.js';
import { UNARY_TABLE, type UnaryOp } from './table/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, gt, lt, mul, sub, where } from './binary.js';
import { cast } from './cast.js';
import { zerosLike } from './creation.js';
import { checkTensor } from './check.js';
import { tidy } from '../engine/scope.js';

/**
 * The gradient formula of each unary op: `s` is the saved input or output
 * (as the op's table entry says in `grad`), `alpha` the op's attribute.
 * Null for ops whose table entry has no gradient formula ('none', 'zero').
 */
type UnaryGrad = (dy: Tensor, s: Tensor, alpha: number) => Tensor;

const GRADS: { readonly [K in UnaryOp]: UnaryGrad | null } = {
  neg: (dy) => neg(dy),
  abs: (dy, x) => mul(dy, sign(x)),
  sign: null,
  exp: (dy, y) => mul(dy, y),
  log: (dy, x) => div(dy, x),
  log1p: (dy, x) => div(dy, add(x, 1)),
  expm1: (dy, y) => mul(dy, add(y, 1)),
  sqrt: (dy, y) => div(mul(dy, 0.5), y),
  // d/dx x^-1/2 = -1/2 x^-3/2 = -1/2 y³
  rsqrt: (dy, y) => mul(dy, mul(mul(y, square(y)), -0.5)),
  square: (dy, x) => mul(dy, mul(x, 2)),
  reciprocal: (dy, y) => neg(mul(dy, square(y))),
  sin: (dy, x) => mul(dy, cos(x)),
  cos: (dy, x) => neg(mul(dy, sin(x))),
  tanh: (dy, y) => mul(dy, sub(1, square(y))),
  sigmoid: (dy, y) => mul(dy, mul(y, sub(1, y))),
  relu: (dy, y) => where(gt(y, 0), dy, 0),
  leakyRelu: (dy, x, slope) => where(gt(x, 0), dy, mul(dy, slope)),
  elu: (dy, x, alpha) => where(gt(x, 0), dy, mul(dy, mul(exp(x), alpha))),
  gelu: (dy, x) => {
    // d/dx x Φ(x) = Φ(x) + x φ(x)
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return mul(dy, add(cdf, mul(x, pdf)));
  },
  softplus: (dy, x) => mul(dy, sigmoid(x)),
  erf: (dy, x) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))),
  floor: null,
  ceil: null,
  round: null,
  logicalNot: null,
};

/** The backward of each op, built once from its table entry and formula. */
const BACKWARD = new Map<UnaryOp, BackwardFn>();
function backwardOf(op: UnaryOp, alpha: number): BackwardFn | undefined {
  const saves = UNARY_TABLE[op].grad;
  if (saves === 'none') return undefined;
  if (saves === 'zero') return (dy) => [zerosLike(dy)];
  const formula = GRADS[op]!;
  if (UNARY_TABLE[op].alpha) return (dy, [s]) => [formula(dy, s, alpha)];
  let fn = BACKWARD.get(op);
  if (!fn) BACKWARD.set(op, (fn = (dy, [s]) => [formula(dy, s, 0)]));
  return fn;
}

/** The input dtype the kernel gets: bool for logicalNot, int32 for ops that keep it, float otherwise. */
function kernelDType(op: UnaryOp, dtype: DType): DType {
  if (op === 'logicalNot') return 'bool';
  if (dtype === 'bool') return UNARY_TABLE[op].int ? 'int32' : 'float32';
  if (dtype === 'int32' && !UNARY_TABLE[op].int) return 'float32';
  return dtype;
}

/**
 * Runs a unary op of the op table: casts the input as its entry says, runs
 * the kernel and records the entry's backward (saving the input or the
 * output, as the entry says).
 *
 * @example
 * ```ts
 * unaryOp('leakyRelu', x, 0.2);
 * ```
 */
export function unaryOp(op: UnaryOp, x: Tensor, alpha = UNARY_TABLE[op].alpha?.default ?? 0): Tensor {
  checkTensor(op, x, 'x');
  const dt = kernelDType(op, x.dtype);
  const input = dt === x.dtype ? x : cast(x, dt);
  const saves = UNARY_TABLE[op].grad;
  try {
    return apply({
      op,
      inputs: [input],
      shape: input.shape,
      dtype: op === 'logicalNot' ? 'bool' : dt,
      kernel: (k, [a], out) => k.unary(a, out, op, alpha),
      backward: backwardOf(op, alpha),
      save: saves === 'input' ? SAVE_INPUT : NO_SAVE,
      saveOutput: saves === 'output',
    });
  } finally {
    if (input !== x) input.dispose();
  }
}
const SAVE_INPUT = [0] as const;
const NO_SAVE = [] as const;

/** `-x`. @example `neg(tensor([1, -2])) // [-1, 2]` */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x);
}

/** `|x|`; the gradient at 0 is 0. @example `abs(tensor([-1, 2])) // [1, 2]` */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x);
}

/** -1, 0 or 1 by the sign of x (zero gradient). @example `sign(tensor([-3, 0, 2])) // [-1, 0, 1]` */
export function sign(x: Tensor): Tensor {
  return unaryOp('sign', x);
}

/** `e^x`. @example `exp(tensor([0, 1])) // [1, 2.7183]` */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x);
}

/** Natural logarithm. @example `log(tensor([1, Math.E])) // [0, 1]` */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x);
}

/** `log(1 + x)`, accurate near 0. @example `log1p(tensor([1e-8]))` */
export function log1p(x: Tensor): Tensor {
  return unaryOp('log1p', x);
}

/** `e^x - 1`, accurate near 0. @example `expm1(tensor([1e-8]))` */
export function expm1(x: Tensor): Tensor {
  return unaryOp('expm1', x);
}

/** Square root. @example `sqrt(tensor([4, 9])) // [2, 3]` */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x);
}

/** `1 / sqrt(x)`. @example `rsqrt(tensor([4])) // [0.5]` */
export function rsqrt(x: Tensor): Tensor {
  return unaryOp('rsqrt', x);
}

/** `x²`. @example `square(tensor([3])) // [9]` */
export function square(x: Tensor): Tensor {
  return unaryOp('square', x);
}

/** `1 / x`. @example `reciprocal(tensor([4])) // [0.25]` */
export function reciprocal(x: Tensor): Tensor {
  return unaryOp('reciprocal', x);
}

/** Sine. @example `sin(tensor([0]))` */
export function sin(x: Tensor): Tensor {
  return unaryOp('sin', x);
}

/** Cosine. @example `cos(tensor([0]))` */
export function cos(x: Tensor): Tensor {
  return unaryOp('cos', x);
}

/** Hyperbolic tangent. @example `tanh(tensor([0.5]))` */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x);
}

/** Logistic sigmoid `1 / (1 + e^-x)`. @example `sigmoid(tensor([0])) // [0.5]` */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp('sigmoid', x);
}

/** `max(x, 0)`; the gradient at 0 is 0. @example `relu(tensor([-1, 2])) // [0, 2]` */
export function relu(x: Tensor): Tensor {
  return unaryOp('relu', x);
}

/** `x > 0 ? x : slope * x`. @example `leakyRelu(tensor([-1, 2]), 0.1) // [-0.1, 2]` */
export function leakyRelu(x: Tensor, negativeSlope: number = UNARY_TABLE.leakyRelu.alpha.default): Tensor {
  return unaryOp('leakyRelu', x, negativeSlope);
}

/** `x > 0 ? x : alpha (e^x - 1)`. @example `elu(tensor([-1, 2]))` */
export function elu(x: Tensor, alpha: number = UNARY_TABLE.elu.alpha.default): Tensor {
  return unaryOp('elu', x, alpha);
}

/** Exact GELU `x Φ(x)` (erf form, PyTorch's default). @example `gelu(tensor([1]))` */
export function gelu(x: Tensor): Tensor {
  return unaryOp('gelu', x);
}

/** `log(1 + e^x)`, computed stably. @example `softplus(tensor([0])) // [0.6931]` */
export function softplus(x: Tensor): Tensor {
  return unaryOp('softplus', x);
}

/** The error function. @example `erf(tensor([0.5]))` */
export function erf(x: Tensor): Tensor {
  return unaryOp('erf', x);
}

/** Rounds down (zero gradient). @example `floor(tensor([1.5])) // [1]` */
export function floor(x: Tensor): Tensor {
  return unaryOp('floor', x);
}

/** Rounds up (zero gradient). @example `ceil(tensor([1.5])) // [2]` */
export function ceil(x: Tensor): Tensor {
  return unaryOp('ceil', x);
}

/** Rounds half to even (zero gradient). @example `round(tensor([0.5, 1.5])) // [0, 2]` */
export function round(x: Tensor): Tensor {
  return unaryOp('round', x);
}

/** Logical not (bool result). @example `logicalNot(tensor([true, false]))` */
export function logicalNot(x: Tensor): Tensor {
  return unaryOp('logicalNot', x);
}

/**
 * Clamps to [min, max] (either bound optional); the gradient passes where
 * the value is inside the bounds.
 *
 * @example
 * ```ts
 * clamp(tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 * ```
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  checkTensor('clamp', x, 'x');
  return tidy(() => {
    let y = x;
    if (min !== undefined) y = where(lt(y, min), min, y);
    if (max !== undefined) y = where(gt(y, max), max, y);
    return y === x ? mul(x, 1) : y;
  });
}


