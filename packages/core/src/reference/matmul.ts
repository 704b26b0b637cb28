// Batched matrix product by the textbook triple loop, float64 dot products.
import type { TensorInfo } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { fmtShape, sizeOf } from '../shape.js';
import { broadcastOffsets } from './index-math.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/**
 * out[..., i, j] = Σ_k A[..., i, k] · B[..., k, j], where A is a (or its last
 * two dims swapped when transA) and B is b (likewise with transB); batch dims
 * broadcast to out's. int32 products wrap modulo 2^32.
 *
 * @example
 * ```ts
 * matmulKernel(a, b, out, false, true); // a @ bᵀ
 * ```
 */
export function matmulKernel(a: TensorInfo, b: TensorInfo, out: TensorInfo, transA: boolean, transB: boolean): void {
  const as = dataOf(a, 'matmul', 'a');
  const bs = dataOf(b, 'matmul', 'b');
  const os = dataOf(out, 'matmul', 'out');
  const ra = a.shape.length;
  const rb = b.shape.length;
  const ro = out.shape.length;
  const [m, k] = transA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kb, n] = transB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (k !== kb || out.shape[ro - 2] !== m || out.shape[ro - 1] !== n) {
    throw new ShapeError(
      `reference.matmul: a ${fmtShape(a.shape)} (transA ${transA}) and b ${fmtShape(b.shape)} (transB ${transB}) do not give out ${fmtShape(out.shape)}`,
    );
  }
  const batchShape = out.shape.slice(0, ro - 2);
  const batchA = broadcastOffsets(a.shape.slice(0, ra - 2), batchShape);
  const batchB = broadcastOffsets(b.shape.slice(0, rb - 2), batchShape);
  const isInt = out.dtype === 'int32';
  // Element (i, p) of A and (p, j) of B within one matrix.
  const atA = (i: number, p: number) => (transA ? p * m + i : i * k + p);
  const atB = (p: number, j: number) => (transB ? j * k + p : p * n + j);
  for (let t = 0; t < sizeOf(batchShape); t++) {
    const offA = batchA[t] * m * k;
    const offB = batchB[t] * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const prod = isInt ? Math.imul(as[offA + atA(i, p)], bs[offB + atB(p, j)]) : as[offA + atA(i, p)] * bs[offB + atB(p, j)];
          s = isInt ? (s + prod) | 0 : s + prod;
        }
        storeAs(os, (t * m + i) * n + j, s, out.dtype);
      }
    }
  }
}
