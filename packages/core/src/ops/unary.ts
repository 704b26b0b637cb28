import type { UnaryOp } from '../backend/contract.js';
import { apply } from '../engine/apply.js';
import type { BackwardFn } from '../autograd/node.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, gt, lt, mul, sub, where } from './binary.js';
import { cast } from './cast.js';
import { zerosLike } from './creation.js';
import { checkTensor } from './check.js';
import { tidy } from '../engine/scope.js';

/** Ops that accept int32 and keep it (the others need float32). */
const INT_OK: ReadonlySet<UnaryOp> = new Set(['neg', 'abs', 'sign', 'square', 'floor', 'ceil', 'round', 'relu']);

/** Runs a unary kernel with its gradient (which may be absent for piecewise-constant ops). */
export function unaryOp(op: UnaryOp, x: Tensor, backward?: BackwardFn, alpha = 0): Tensor {
  checkTensor(op, x, 'x');
  let input = x;
  let owned: Tensor | null = null;
  if (op === 'logicalNot') {
    if (x.dtype !== 'bool') input = owned = cast(x, 'bool');
  } else if (x.dtype === 'bool' || (x.dtype === 'int32' && !INT_OK.has(op))) {
    if (x.dtype === 'bool' && !INT_OK.has(op)) input = owned = cast(x, 'float32');
    else if (x.dtype === 'bool') input = owned = cast(x, 'int32');
    else input = owned = cast(x, 'float32');
  }
  try {
    return apply({
      op,
      inputs: [input],
      shape: input.shape,
      dtype: op === 'logicalNot' ? 'bool' : input.dtype,
      kernel: (k, [a], out) => k.unary(a, out, op, alpha),
      backward,
    });
  } finally {
    owned?.dispose();
  }
}

/** `-x`. @example `neg(tensor([1, -2])) // [-1, 2]` */
export function neg(x: Tensor): Tensor {
  return unaryOp('neg', x, (dy) => [neg(dy)]);
}

/** `|x|`; the gradient at 0 is 0. @example `abs(tensor([-1, 2])) // [1, 2]` */
export function abs(x: Tensor): Tensor {
  return unaryOp('abs', x, (dy, [a]) => [mul(dy, sign(a))]);
}

/** -1, 0 or 1 by the sign of x (zero gradient). @example `sign(tensor([-3, 0, 2])) // [-1, 0, 1]` */
export function sign(x: Tensor): Tensor {
  return unaryOp('sign', x, (dy) => [zerosLike(dy)]);
}

/** `e^x`. @example `exp(tensor([0, 1])) // [1, 2.7183]` */
export function exp(x: Tensor): Tensor {
  return unaryOp('exp', x, (dy, [a]) => [mul(dy, exp(a))]);
}

/** Natural logarithm. @example `log(tensor([1, Math.E])) // [0, 1]` */
export function log(x: Tensor): Tensor {
  return unaryOp('log', x, (dy, [a]) => [div(dy, a)]);
}

/** `log(1 + x)`, accurate near 0. @example `log1p(tensor([1e-8]))` */
export function log1p(x: Tensor): Tensor {
  return unaryOp('log1p', x, (dy, [a]) => [div(dy, add(a, 1))]);
}

/** `e^x - 1`, accurate near 0. @example `expm1(tensor([1e-8]))` */
export function expm1(x: Tensor): Tensor {
  return unaryOp('expm1', x, (dy, [a]) => [mul(dy, exp(a))]);
}

/** Square root. @example `sqrt(tensor([4, 9])) // [2, 3]` */
export function sqrt(x: Tensor): Tensor {
  return unaryOp('sqrt', x, (dy, [a]) => [div(mul(dy, 0.5), sqrt(a))]);
}

/** `1 / sqrt(x)`. @example `rsqrt(tensor([4])) // [0.5]` */
export function rsqrt(x: Tensor): Tensor {
  // d/dx x^-1/2 = -1/2 x^-3/2 = -0.5 * rsqrt(x) / x
  return unaryOp('rsqrt', x, (dy, [a]) => [mul(dy, div(mul(rsqrt(a), -0.5), a))]);
}

/** `x²`. @example `square(tensor([3])) // [9]` */
export function square(x: Tensor): Tensor {
  return unaryOp('square', x, (dy, [a]) => [mul(dy, mul(a, 2))]);
}

/** `1 / x`. @example `reciprocal(tensor([4])) // [0.25]` */
export function reciprocal(x: Tensor): Tensor {
  return unaryOp('reciprocal', x, (dy, [a]) => [neg(div(dy, square(a)))]);
}

/** Sine. @example `sin(tensor([0]))` */
export function sin(x: Tensor): Tensor {
  return unaryOp('sin', x, (dy, [a]) => [mul(dy, cos(a))]);
}

/** Cosine. @example `cos(tensor([0]))` */
export function cos(x: Tensor): Tensor {
  return unaryOp('cos', x, (dy, [a]) => [neg(mul(dy, sin(a)))]);
}

/** Hyperbolic tangent. @example `tanh(tensor([0.5]))` */
export function tanh(x: Tensor): Tensor {
  return unaryOp('tanh', x, (dy, [a]) => [mul(dy, sub(1, square(tanh(a))))]);
}

/** Logistic sigmoid `1 / (1 + e^-x)`. @example `sigmoid(tensor([0])) // [0.5]` */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp('sigmoid', x, (dy, [a]) => {
    const s = sigmoid(a);
    return [mul(dy, mul(s, sub(1, s)))];
  });
}

/** `max(x, 0)`; the gradient at 0 is 0. @example `relu(tensor([-1, 2])) // [0, 2]` */
export function relu(x: Tensor): Tensor {
  return unaryOp('relu', x, (dy, [a]) => [where(gt(a, 0), dy, zerosLike(dy))]);
}

/** `x > 0 ? x : slope * x`. @example `leakyRelu(tensor([-1, 2]), 0.1) // [-0.1, 2]` */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return unaryOp('leakyRelu', x, (dy, [a]) => [where(gt(a, 0), dy, mul(dy, negativeSlope))], negativeSlope);
}

/** `x > 0 ? x : alpha (e^x - 1)`. @example `elu(tensor([-1, 2]))` */
export function elu(x: Tensor, alpha = 1): Tensor {
  return unaryOp('elu', x, (dy, [a]) => [where(gt(a, 0), dy, mul(dy, mul(exp(a), alpha)))], alpha);
}

/** Exact GELU `x Φ(x)` (erf form, PyTorch's default). @example `gelu(tensor([1]))` */
export function gelu(x: Tensor): Tensor {
  return unaryOp('gelu', x, (dy, [a]) => {
    // d/dx x Φ(x) = Φ(x) + x φ(x)
    const cdf = mul(add(erf(mul(a, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(a), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [mul(dy, add(cdf, mul(a, pdf)))];
  });
}

/** `log(1 + e^x)`, computed stably. @example `softplus(tensor([0])) // [0.6931]` */
export function softplus(x: Tensor): Tensor {
  return unaryOp('softplus', x, (dy, [a]) => [mul(dy, sigmoid(a))]);
}

/** The error function. @example `erf(tensor([0.5]))` */
export function erf(x: Tensor): Tensor {
  return unaryOp('erf', x, (dy, [a]) => [mul(dy, mul(exp(neg(square(a))), 2 / Math.sqrt(Math.PI)))]);
}

/** Rounds down (zero gradient). @example `floor(tensor([1.5])) // [1]` */
export function floor(x: Tensor): Tensor {
  return unaryOp('floor', x, (dy) => [zerosLike(dy)]);
}

/** Rounds up (zero gradient). @example `ceil(tensor([1.5])) // [2]` */
export function ceil(x: Tensor): Tensor {
  return unaryOp('ceil', x, (dy) => [zerosLike(dy)]);
}

/** Rounds half to even (zero gradient). @example `round(tensor([0.5, 1.5])) // [0, 2]` */
export function round(x: Tensor): Tensor {
  return unaryOp('round', x, (dy) => [zerosLike(dy)]);
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


