import type { BackwardFn } from '../autograd/node.js';
import { type DType, isFloatDType, promoteTypes } from '../dtype.js';
import { apply, type OpDef } from '../engine/apply.js';
import { tidy } from '../engine/scope.js';
import { broadcastShapes, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { floor, log } from './unary.js';
import { checkTensor } from './check.js';
import { sumToShape } from './sum-to-shape.js';
import { BINARY_TABLE, type BinaryOp } from './table/binary.js';
import { type TensorLike, withTensors } from './util.js';

/** The dtype both operands are cast to before the kernel runs, by the op's table kind. */
function operandDType(op: BinaryOp, a: DType, b: DType): DType {
  const kind = BINARY_TABLE[op].kind;
  if (kind === 'logic') return 'bool';
  const p = promoteTypes(a, b);
  if (kind === 'float') return isFloatDType(p) ? p : 'float32';
  if (kind === 'compare') return p;
  return p === 'bool' ? 'int32' : p;
}

/**
 * Applies a binary kernel with NumPy broadcasting and type promotion
 * (bool < int32 < float16 < float32; div and pow of integers compute in float32; comparisons and
 * logic ops return bool).
 */
export function binaryOp(op: BinaryOp, x: TensorLike, y: TensorLike, backward?: BackwardFn): Tensor {
  // Two tensors (the common case) skip the number conversion and its temporaries.
  if (x instanceof Tensor && y instanceof Tensor) return binaryTensors(op, x, y, backward);
  return withTensors(op, [x, y], ['a', 'b'], ([a, b]) => binaryTensors(op, a, b, backward));
}

/** One kernel call per op, made once (a closure per dispatch is garbage on the hot path). */
const BINARY_KERNELS = Object.fromEntries(
  (Object.keys(BINARY_TABLE) as BinaryOp[]).map((op) => [op, ((k, [ia, ib], out) => k.binary(ia, ib, out, op)) as OpDef['kernel']]),
) as Record<BinaryOp, OpDef['kernel']>;

function binaryTensors(op: BinaryOp, a: Tensor, b: Tensor, backward?: BackwardFn): Tensor {
  checkTensor(op, a, 'a');
  checkTensor(op, b, 'b');
  const shape = broadcastShapes(a.shape, b.shape, op);
  const dt = operandDType(op, a.dtype, b.dtype);
  const ca = a.dtype === dt ? a : cast(a, dt);
  const cb = b.dtype === dt ? b : cast(b, dt);
  try {
    return apply({
      op,
      inputs: [ca, cb],
      shape,
      dtype: BINARY_TABLE[op].kind === 'compare' || BINARY_TABLE[op].kind === 'logic' ? 'bool' : dt,
      kernel: BINARY_KERNELS[op],
      backward,
    });
  } finally {
    if (ca !== a) ca.dispose();
    if (cb !== b) cb.dispose();
  }
}

/** Reduces a broadcast gradient back to an input's shape. */
function reduceTo(g: Tensor, like: Tensor): Tensor {
  return shapesEqual(g.shape, like.shape) ? g : sumToShape(g, like.shape);
}

// The gradients of the arithmetic ops, made once: a closure per call would be
// allocated on every dispatch of the commonest ops.
const ADD_GRAD: BackwardFn = (dy, [x, y]) => [reduceTo(dy, x), reduceTo(dy, y)];
const SUB_GRAD: BackwardFn = (dy, [x, y]) => [reduceTo(dy, x), reduceTo(negate(dy), y)];
const MUL_GRAD: BackwardFn = (dy, [x, y]) => [reduceTo(mul(dy, y), x), reduceTo(mul(dy, x), y)];
const DIV_GRAD: BackwardFn = (dy, [x, y]) => [reduceTo(div(dy, y), x), reduceTo(negate(div(mul(dy, x), mul(y, y))), y)];

/**
 * `a + b` with broadcasting.
 *
 * @example
 * ```ts
 * add(tensor([1, 2]), 10); // [11, 12]
 * ```
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('add', a, b, ADD_GRAD);
}

/**
 * `a - b` with broadcasting.
 *
 * @example
 * ```ts
 * sub(tensor([3, 4]), 1); // [2, 3]
 * ```
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('sub', a, b, SUB_GRAD);
}

function negate(t: Tensor): Tensor {
  return binaryOp('mul', t, -1, (dy) => [binaryOp('mul', dy, -1)]);
}

/**
 * `a * b` with broadcasting.
 *
 * @example
 * ```ts
 * mul(tensor([1, 2]), tensor([[3], [4]])); // [[3, 6], [4, 8]]
 * ```
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mul', a, b, MUL_GRAD);
}

/**
 * `a / b` (true division, float32 result).
 *
 * @example
 * ```ts
 * div(tensor([1, 2]), 4); // [0.25, 0.5]
 * ```
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('div', a, b, DIV_GRAD);
}

/**
 * `a ** b` (float32). The exponent's gradient is 0 where a ≤ 0.
 *
 * @example
 * ```ts
 * pow(tensor([2, 3]), 2); // [4, 9]
 * ```
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('pow', a, b, (dy, [x, y]) => {
    const dx = mul(dy, mul(y, pow(x, sub(y, 1))));
    const positive = gt(x, 0);
    const dyExp = where(positive, mul(dy, mul(pow(x, y), logSafe(x, positive))), 0);
    return [reduceTo(dx, x), reduceTo(dyExp, y)];
  });
}

function logSafe(x: Tensor, positive: Tensor): Tensor {
  return mul(log(binaryOp('maximum', x, 1e-30)), cast(positive, x.dtype));
}

/** Gradient routing of maximum/minimum: ties split the gradient in half, as PyTorch does. */
function extremumGrad(winsA: (x: Tensor, y: Tensor) => Tensor): BackwardFn {
  return (dy, [x, y]) => {
    const ties = eq(x, y);
    const aWins = winsA(x, y);
    const half = mul(dy, 0.5);
    const da = where(ties, half, where(aWins, dy, 0));
    const db = where(ties, half, where(aWins, 0, dy));
    return [reduceTo(da, x), reduceTo(db, y)];
  };
}

/**
 * Elementwise maximum.
 *
 * @example
 * ```ts
 * maximum(tensor([1, 5]), 3); // [3, 5]
 * ```
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('maximum', a, b, extremumGrad(gt));
}

/**
 * Elementwise minimum.
 *
 * @example
 * ```ts
 * minimum(tensor([1, 5]), 3); // [1, 3]
 * ```
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('minimum', a, b, extremumGrad(lt));
}

/**
 * Floored modulo, with the sign of the divisor (`torch.remainder`).
 *
 * @example
 * ```ts
 * mod(tensor([-3, 3]), 2); // [1, 1]
 * ```
 */
export function mod(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('mod', a, b, (dy, [x, y]) => [reduceTo(dy, x), reduceTo(negate(mul(dy, floor(div(x, y)))), y)]);
}

/** `a == b` (bool). @example `eq(tensor([1, 2]), 2) // [false, true]` */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('eq', a, b);
}
/** `a != b` (bool). @example `ne(tensor([1, 2]), 2) // [true, false]` */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('ne', a, b);
}
/** `a < b` (bool). @example `lt(tensor([1, 2]), 2) // [true, false]` */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('lt', a, b);
}
/** `a <= b` (bool). @example `le(tensor([1, 2]), 2) // [true, true]` */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('le', a, b);
}
/** `a > b` (bool). @example `gt(tensor([1, 2]), 1) // [false, true]` */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('gt', a, b);
}
/** `a >= b` (bool). @example `ge(tensor([1, 2]), 2) // [false, true]` */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('ge', a, b);
}
/** Logical and (bool). @example `logicalAnd(tensor([true, true]), tensor([true, false]))` */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('logicalAnd', a, b);
}
/** Logical or (bool). @example `logicalOr(tensor([true, false]), false)` */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('logicalOr', a, b);
}
/** Logical xor (bool). @example `logicalXor(tensor([true, false]), true)` */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return binaryOp('logicalXor', a, b);
}

/**
 * `cond ? a : b` elementwise, all three broadcast together; a and b are
 * promoted to a common dtype.
 *
 * @example
 * ```ts
 * where(gt(x, 0), x, 0); // relu
 * ```
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  return withTensors('where', [cond, a, b], ['cond', 'a', 'b'], ([c, x, y]) =>
    tidy(() => {
      const shape = broadcastShapes(broadcastShapes(c.shape, x.shape, 'where'), y.shape, 'where');
      const dt = promoteTypes(x.dtype, y.dtype);
      const cc = c.dtype === 'bool' ? c : cast(c, 'bool');
      const cx = x.dtype === dt ? x : cast(x, dt);
      const cy = y.dtype === dt ? y : cast(y, dt);
      return apply({
        op: 'where',
        inputs: [cc, cx, cy],
        shape,
        dtype: dt,
        kernel: (k, [ic, ia, ib], out) => k.where(ic, ia, ib, out),
        backward: (dy, [c2, x2, y2]) => [null, reduceTo(where(c2, dy, 0), x2), reduceTo(where(c2, 0, dy), y2)],
      });
    }),
  );
}
