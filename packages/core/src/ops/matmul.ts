import { isFloatDType, promoteTypes } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { apply } from '../engine/apply.js';
import { tidy } from '../engine/scope.js';
import { broadcastShapes, fmtShape } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { cast } from './cast.js';
import { checkTensor } from './check.js';
import { reshape } from './reshape.js';
import { sum } from './reduce.js';
import { sumToShape } from './sum-to-shape.js';

/** Options of `matmul`. */
export interface MatmulOptions {
  /** Use the transpose of the last two dims of a. */
  transA?: boolean;
  /** Use the transpose of the last two dims of b. */
  transB?: boolean;
}

/**
 * Matrix product with NumPy semantics: 1-D operands are promoted (and the
 * added dimension removed), leading batch dimensions broadcast. The
 * transpose flags are free (the kernel absorbs them).
 *
 * @example
 * ```ts
 * matmul(randn([8, 3, 4]), randn([4, 5])).shape; // [8, 3, 5]
 * matmul(x, w, { transB: true });                 // x @ wᵀ
 * ```
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  checkTensor('matmul', a, 'a');
  checkTensor('matmul', b, 'b');
  if (!isFloatDType(a.dtype) || !isFloatDType(b.dtype)) {
    throw new DTypeError(`matmul: expects float32 or float16 tensors, got a ${a.dtype} ${fmtShape(a.shape)} and b ${b.dtype} ${fmtShape(b.shape)}`);
  }
  if (a.rank === 0 || b.rank === 0) throw new ShapeError(`matmul: operands must have rank ≥ 1, got a ${fmtShape(a.shape)} and b ${fmtShape(b.shape)}`);
  const transA = !!options.transA;
  const transB = !!options.transB;
  return tidy(() => {
    // float16 @ float32 computes in float32, as elementwise ops promote.
    const dt = promoteTypes(a.dtype, b.dtype);
    const ap = a.dtype === dt ? a : cast(a, dt);
    const bp = b.dtype === dt ? b : cast(b, dt);
    const a2 = a.rank === 1 ? reshape(ap, [1, a.shape[0]]) : ap;
    const b2 = b.rank === 1 ? reshape(bp, [b.shape[0], 1]) : bp;
    const out = matmul2(a2, b2, a.rank === 1 ? false : transA, b.rank === 1 ? false : transB);
    if (a.rank > 1 && b.rank > 1) return out;
    const shape = out.shape.slice();
    if (b.rank === 1) shape.splice(shape.length - 1, 1);
    if (a.rank === 1) shape.splice(shape.length - (b.rank === 1 ? 1 : 2), 1);
    return reshape(out, shape);
  });
}

function matmul2(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const [m, ka] = transA ? [a.shape[a.rank - 1], a.shape[a.rank - 2]] : [a.shape[a.rank - 2], a.shape[a.rank - 1]];
  const [kb, n] = transB ? [b.shape[b.rank - 1], b.shape[b.rank - 2]] : [b.shape[b.rank - 2], b.shape[b.rank - 1]];
  if (ka !== kb) {
    throw new ShapeError(`matmul: inner dimensions differ: a ${fmtShape(a.shape)}${transA ? 'ᵀ' : ''} has ${ka} columns but b ${fmtShape(b.shape)}${transB ? 'ᵀ' : ''} has ${kb} rows`);
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul');
  return apply({
    op: 'matmul',
    inputs: [a, b],
    shape: [...batch, m, n],
    dtype: a.dtype,
    kernel: (k, [ia, ib], out) => k.matmul(ia, ib, out, transA, transB),
    backward: (dy, [x, y]) => {
      // C = op(A) op(B): dA = dC op(B)ᵀ (transposed back if transA); dB likewise. Batch broadcasting sums out.
      // Skip the product for an operand that needs no gradient (a network's input, a frozen weight).
      const da = !x.requiresGrad ? null : transA ? matmul2(y, dy, transB, true) : matmul2(dy, y, false, !transB);
      const db = !y.requiresGrad ? null : transB ? matmul2(dy, x, true, transA) : matmul2(x, dy, !transA, false);
      return [da && sumToShape(da, x.shape), db && sumToShape(db, y.shape)];
    },
  });
}

/**
 * Dot product of two 1-D tensors.
 *
 * @example
 * ```ts
 * dot(tensor([1, 2]), tensor([3, 4])); // 11
 * ```
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  checkTensor('dot', a, 'a');
  checkTensor('dot', b, 'b');
  if (a.rank !== 1 || b.rank !== 1 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`dot: expects two 1-D tensors of equal length, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  return tidy(() => sum(mul(a, b)));
}

/**
 * Outer product of two 1-D tensors.
 *
 * @example
 * ```ts
 * outer(tensor([1, 2]), tensor([3, 4, 5])).shape; // [2, 3]
 * ```
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensor('outer', a, 'a');
  checkTensor('outer', b, 'b');
  if (a.rank !== 1 || b.rank !== 1) throw new ShapeError(`outer: expects two 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  return tidy(() => mul(reshape(a, [a.shape[0], 1]), reshape(b, [1, b.shape[0]])));
}
