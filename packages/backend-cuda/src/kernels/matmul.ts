// Batched matmul with transpose flags (native/kernels/matmul.cu): batch dims
// of a and b broadcast to out's through per-operand matrix strides.
import { DTypeError, sizeOf, type TensorInfo } from '@dendrite/core';
import { ptrOf } from '../handle.js';
import { broadcastStrides, coalesce } from '../layout.js';
import { LAUNCH, type NativeContext } from '../native.js';
import { LaunchParams } from '../params.js';
import { launch } from './launch.js';

/** out[..., M, N] = op(a) · op(b) with op a transpose where its flag is set. */
export function matmul(ctx: NativeContext, a: TensorInfo, b: TensorInfo, out: TensorInfo, transA: boolean, transB: boolean): void {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || out.dtype !== 'float32') {
    throw new DTypeError(`cuda matmul: expects float32 a, b and out, got ${a.dtype}, ${b.dtype} and ${out.dtype}`);
  }
  const ra = a.shape.length;
  const rb = b.shape.length;
  const ro = out.shape.length;
  const m = out.shape[ro - 2];
  const n = out.shape[ro - 1];
  const k = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const batchShape = out.shape.slice(0, ro - 2);
  // Strides in elements: one step of a batch dim skips whole matrices.
  const strideA = broadcastStrides(a.shape.slice(0, ra - 2), batchShape).map((s) => s * m * k);
  const strideB = broadcastStrides(b.shape.slice(0, rb - 2), batchShape).map((s) => s * k * n);
  const batch = coalesce({ shape: batchShape, strides: [strideA, strideB] }, 'matmul');
  const p = new LaunchParams()
    .push(ptrOf(a, 'matmul'), ptrOf(b, 'matmul'), ptrOf(out, 'matmul'), transA, transB, m, n, k, sizeOf(batchShape))
    .layout(batch);
  launch(ctx, 'matmul', LAUNCH.matmul, p);
}
