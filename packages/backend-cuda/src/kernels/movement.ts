// transpose, slice, pad, concat, expand, gather and scatterAdd. All copies
// are one strided-copy kernel (native/kernels/movement.cu) over an iteration
// shape with source and destination strides and start offsets.
import { bytesPerElement, sizeOf, stridesOf, type TensorInfo } from '@dendrite/core';
import { ptrOf } from '../handle.js';
import { broadcastStrides, coalesce } from '../layout.js';
import { DTYPE_CODES, LAUNCH, type NativeContext } from '../native.js';
import { LaunchParams } from '../params.js';
import { fill } from './elementwise.js';
import { launch } from './launch.js';

/** A strided copy between two buffers of the same dtype. */
interface Copy {
  shape: number[];
  srcStrides: number[];
  dstStrides: number[];
  srcOffset: number;
  dstOffset: number;
}

function stridedCopy(ctx: NativeContext, op: string, src: TensorInfo, dst: TensorInfo, c: Copy): void {
  const n = sizeOf(c.shape);
  if (n === 0) return;
  const layout = coalesce({ shape: c.shape, strides: [c.srcStrides, c.dstStrides] }, op);
  const p = new LaunchParams()
    .push(ptrOf(src, op), ptrOf(dst, op), bytesPerElement(dst.dtype), n, c.srcOffset, c.dstOffset)
    .layout(layout);
  launch(ctx, op, LAUNCH.stridedCopy, p);
}

/** out = x permuted. */
export function transpose(ctx: NativeContext, x: TensorInfo, out: TensorInfo, perm: readonly number[]): void {
  const xs = stridesOf(x.shape);
  stridedCopy(ctx, 'transpose', x, out, { shape: [...out.shape], srcStrides: perm.map((p) => xs[p]), dstStrides: stridesOf(out.shape), srcOffset: 0, dstOffset: 0 });
}

/** out[idx] = x[begin + idx·step]. */
export function slice(ctx: NativeContext, x: TensorInfo, out: TensorInfo, begin: readonly number[], step: readonly number[]): void {
  const xs = stridesOf(x.shape);
  const srcOffset = begin.reduce((s, b, d) => s + b * xs[d], 0);
  stridedCopy(ctx, 'slice', x, out, { shape: [...out.shape], srcStrides: step.map((s, d) => s * xs[d]), dstStrides: stridesOf(out.shape), srcOffset, dstOffset: 0 });
}

/** out = value everywhere, then x copied in at offset `before` (negative `before` crops). */
export function pad(ctx: NativeContext, x: TensorInfo, out: TensorInfo, before: readonly number[], value: number): void {
  fill(ctx, out, value);
  const xs = stridesOf(x.shape);
  const os = stridesOf(out.shape);
  const srcStart = before.map((b) => Math.max(0, -b));
  const dstStart = before.map((b) => Math.max(0, b));
  const shape = x.shape.map((n, d) => Math.max(0, Math.min(n - srcStart[d], out.shape[d] - dstStart[d])));
  stridedCopy(ctx, 'pad', x, out, {
    shape,
    srcStrides: xs,
    dstStrides: os,
    srcOffset: srcStart.reduce((s, v, d) => s + v * xs[d], 0),
    dstOffset: dstStart.reduce((s, v, d) => s + v * os[d], 0),
  });
}

/** Each input copied into its window of out along `axis`. */
export function concat(ctx: NativeContext, xs: readonly TensorInfo[], out: TensorInfo, axis: number): void {
  const os = stridesOf(out.shape);
  let start = 0;
  for (const x of xs) {
    stridedCopy(ctx, 'concat', x, out, { shape: [...x.shape], srcStrides: stridesOf(x.shape), dstStrides: os, srcOffset: 0, dstOffset: start * os[axis] });
    start += x.shape[axis];
  }
}

/** Broadcast copy of x to out.shape. */
export function expand(ctx: NativeContext, x: TensorInfo, out: TensorInfo): void {
  stridedCopy(ctx, 'expand', x, out, { shape: [...out.shape], srcStrides: broadcastStrides(x.shape, out.shape), dstStrides: stridesOf(out.shape), srcOffset: 0, dstOffset: 0 });
}

/** out = x picked along `axis` at `indices` (0 for out-of-range indices). */
export function gather(ctx: NativeContext, x: TensorInfo, indices: TensorInfo, out: TensorInfo, axis: number): void {
  const p = new LaunchParams().push(
    ptrOf(x, 'gather'),
    ptrOf(indices, 'gather'),
    ptrOf(out, 'gather'),
    bytesPerElement(x.dtype),
    sizeOf(x.shape.slice(0, axis)),
    x.shape[axis],
    sizeOf(x.shape.slice(axis + 1)),
    sizeOf(indices.shape),
  );
  launch(ctx, 'gather', LAUNCH.gather, p);
}

/** out = zeros, then updates added at `indices` along `axis` (out-of-range indices skipped). */
export function scatterAdd(ctx: NativeContext, indices: TensorInfo, updates: TensorInfo, out: TensorInfo, axis: number): void {
  const p = new LaunchParams().push(
    ptrOf(indices, 'scatterAdd'),
    ptrOf(updates, 'scatterAdd'),
    ptrOf(out, 'scatterAdd'),
    DTYPE_CODES[out.dtype],
    sizeOf(out.shape.slice(0, axis)),
    out.shape[axis],
    sizeOf(out.shape.slice(axis + 1)),
    sizeOf(indices.shape),
  );
  launch(ctx, 'scatterAdd', LAUNCH.scatterAdd, p);
}
