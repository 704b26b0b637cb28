import { type TensorInfo, ValueError, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { launchByFlops } from './matmul-launch.js';
import { callScratch } from './matmul-scratch.js';

/** Per output batch: the element offsets of its A, B and C matrices (NumPy batch broadcasting). */
function batchOffsets(aBatch: readonly number[], bBatch: readonly number[], outBatch: readonly number[], aMat: number, bMat: number, cMat: number): Int32Array {
  const count = sizeOf(outBatch);
  const offsets = new Int32Array(count * 3);
  const rank = outBatch.length;
  const stride = (shape: readonly number[]) => {
    // Element strides of `shape` right-aligned to the output batch, 0 where broadcast.
    const s = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const od = d + rank - shape.length;
      s[od] = shape[d] === 1 ? 0 : acc;
      acc *= shape[d];
    }
    return s;
  };
  const sa = stride(aBatch);
  const sb = stride(bBatch);
  const idx = new Array<number>(rank).fill(0);
  for (let t = 0; t < count; t++) {
    let oa = 0;
    let ob = 0;
    for (let d = 0; d < rank; d++) {
      oa += idx[d] * sa[d];
      ob += idx[d] * sb[d];
    }
    offsets[3 * t] = oa * aMat;
    offsets[3 * t + 1] = ob * bMat;
    offsets[3 * t + 2] = t * cMat;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < outBatch[d]) break;
      idx[d] = 0;
    }
  }
  return offsets;
}

/**
 * Batched matrix product on the packed-panel GEMM: a [..., M, K] (or
 * [..., K, M] with transA), b [..., K, N] (or [..., N, K] with transB),
 * batch dimensions broadcast to out [..., M, N]. Transposes cost nothing:
 * they only change the strides the packing reads with.
 *
 * @example
 * ```ts
 * matmul(rt, a, b, out, false, true); // out = a · bᵀ
 * ```
 */
export function matmul(rt: WasmRuntime, a: TensorInfo, b: TensorInfo, out: TensorInfo, transA: boolean, transB: boolean): void {
  const ar = a.shape.length;
  const br = b.shape.length;
  if (ar < 2 || br < 2) throw new ValueError(`matmul: a and b need rank ≥ 2, got a [${a.shape}] and b [${b.shape}]`);
  const m = a.shape[transA ? ar - 1 : ar - 2];
  const k = a.shape[transA ? ar - 2 : ar - 1];
  const n = b.shape[transB ? br - 2 : br - 1];
  const outBatch = out.shape.slice(0, -2);
  let aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  let rows = m;
  // A batched, non-transposed A against one shared B is a single tall product.
  if (!transA && sizeOf(bBatch) === 1 && sizeOf(aBatch) === sizeOf(outBatch)) {
    rows = m * sizeOf(aBatch);
    aBatch = [];
  }
  const batch = rows === m ? sizeOf(outBatch) : 1;
  const pa = (a.handle as WasmBuffer).ptr;
  const pb = (b.handle as WasmBuffer).ptr;
  const pc = (out.handle as WasmBuffer).ptr;
  const rsA = transA ? 1 : k;
  const csA = transA ? m : 1;
  const rsB = transB ? 1 : n;
  const csB = transB ? k : 1;
  const perThread = rt.exports.gemmScratchBytes() as number;
  const table = batch > 1 ? batchOffsets(aBatch, bBatch, outBatch, m * k, k * n, m * n) : new Int32Array(0);
  const { counter, threads, descriptor } = callScratch(rt, rt.threads * perThread, table);
  const offsets = batch > 1 ? descriptor : 0;
  const args = [batch, rows, n, k, pa, rsA, csA, pb, rsB, csB, pc, n, 0, offsets, threads, counter];
  launchByFlops(rt, 'gemmBatched', args, batch * rows * n * k);
}
