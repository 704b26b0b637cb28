// The `binary` and `where` kernels: NumPy broadcasting of every input to the
// output shape, each op computed in float64 (or exact int32 arithmetic).
import type { BinaryOp, TensorInfo } from '../backend/contract.js';
import { isFloatDType } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { broadcastOffsets } from './index-math.js';
import { dataOf } from './memory.js';
import { flooredMod, intMod, intPow, powC } from './scalar-math.js';
import { storeAs } from './store.js';

type Scalar = (a: number, b: number) => number;

const COMPARE_AND_LOGIC: Record<'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr' | 'logicalXor', Scalar> = {
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

/** Float arithmetic in float64; the store rounds once to float32. */
const FLOAT_OPS: Record<BinaryOp, Scalar> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => powC(a, b),
  // Math.max/min propagate NaN, as torch.maximum/minimum do.
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  mod: (a, b) => flooredMod(a, b),
  ...COMPARE_AND_LOGIC,
};

/** int32 arithmetic, wrapping modulo 2^32 (int32 div is never requested: it truncates). */
const INT_OPS: Record<BinaryOp, Scalar> = {
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: (a, b) => Math.imul(a, b),
  div: (a, b) => (b === 0 ? 0 : Math.trunc(a / b) | 0),
  pow: (a, b) => intPow(a, b),
  maximum: (a, b) => Math.max(a, b),
  minimum: (a, b) => Math.min(a, b),
  mod: (a, b) => intMod(a, b),
  ...COMPARE_AND_LOGIC,
};

/**
 * out = op(a, b) with a and b broadcast to out.shape. Comparisons and logic
 * ops write bool; arithmetic keeps the input dtype (bool inputs compute as int32).
 *
 * @example
 * ```ts
 * binaryKernel(a, b, out, 'mod');
 * ```
 */
export function binaryKernel(a: TensorInfo, b: TensorInfo, out: TensorInfo, op: BinaryOp): void {
  const as = dataOf(a, 'binary', 'a');
  const bs = dataOf(b, 'binary', 'b');
  const os = dataOf(out, 'binary', 'out');
  if (a.dtype !== b.dtype) throw new DTypeError(`reference.binary(${op}): 'a' is ${a.dtype} but 'b' is ${b.dtype}`);
  const f = (isFloatDType(a.dtype) ? FLOAT_OPS : INT_OPS)[op];
  if (!f) throw new DTypeError(`reference.binary: unknown op '${String(op)}'`);
  const ia = broadcastOffsets(a.shape, out.shape);
  const ib = broadcastOffsets(b.shape, out.shape);
  for (let i = 0; i < os.length; i++) storeAs(os, i, f(as[ia[i]], bs[ib[i]]), out.dtype);
}

/**
 * out = cond ? a : b, all three broadcast to out.shape.
 *
 * @example
 * ```ts
 * whereKernel(cond, a, b, out);
 * ```
 */
export function whereKernel(cond: TensorInfo, a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
  const cs = dataOf(cond, 'where', 'cond');
  const as = dataOf(a, 'where', 'a');
  const bs = dataOf(b, 'where', 'b');
  const os = dataOf(out, 'where', 'out');
  const ic = broadcastOffsets(cond.shape, out.shape);
  const ia = broadcastOffsets(a.shape, out.shape);
  const ib = broadcastOffsets(b.shape, out.shape);
  for (let i = 0; i < os.length; i++) storeAs(os, i, cs[ic[i]] !== 0 ? as[ia[i]] : bs[ib[i]], out.dtype);
}
