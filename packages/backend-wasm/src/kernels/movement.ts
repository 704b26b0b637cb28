import { type TensorInfo, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { elementBytes } from './codes.js';
import { fill } from './elementwise.js';
import { launch } from './launch.js';
import { broadcastStrides, coalesce, contiguousStrides } from './layout.js';
import { writeMeta } from './meta.js';

// transpose, slice, pad, concat and expand: all one strided-copy kernel
// (assembly/copy.ts) with different source and destination strides.

const buf = (t: TensorInfo) => t.handle as WasmBuffer;

/** Copies `shape` elements from src (+srcOffset elements, srcStrides) to dst (+dstOffset, dstStrides). */
export function stridedCopy(
  rt: WasmRuntime,
  es: number,
  shape: readonly number[],
  src: number,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: number,
  dstOffset: number,
  dstStrides: readonly number[],
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const space = coalesce(shape, [srcStrides, dstStrides]);
  const [rank, meta] = writeMeta(rt, space, 'copy');
  launch(rt, 'copy', [src + srcOffset * es, dst + dstOffset * es, es, rank, meta], n);
}

/** The contract's `transpose` kernel. */
export function transpose(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, perm: readonly number[]): void {
  const xs = contiguousStrides(x.shape);
  const src = perm.map((p) => xs[p]);
  stridedCopy(rt, elementBytes(x.dtype), out.shape, buf(x).ptr, 0, src, buf(out).ptr, 0, contiguousStrides(out.shape));
}

/** The contract's `slice` kernel (steps may be negative). */
export function slice(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, begin: readonly number[], step: readonly number[]): void {
  const xs = contiguousStrides(x.shape);
  let offset = 0;
  for (let d = 0; d < xs.length; d++) offset += begin[d] * xs[d];
  const src = xs.map((s, d) => s * step[d]);
  stridedCopy(rt, elementBytes(x.dtype), out.shape, buf(x).ptr, offset, src, buf(out).ptr, 0, contiguousStrides(out.shape));
}

/** The contract's `pad` kernel: fill with `value`, then copy x's overlap with out at offset `before` (negative `before` crops). */
export function pad(rt: WasmRuntime, x: TensorInfo, out: TensorInfo, before: readonly number[], value: number): void {
  fill(rt, out, value);
  const xs = contiguousStrides(x.shape);
  const os = contiguousStrides(out.shape);
  let srcOffset = 0;
  let dstOffset = 0;
  const shape = x.shape.map((n, d) => {
    const from = Math.max(0, -before[d]);
    const to = Math.max(0, before[d]);
    srcOffset += from * xs[d];
    dstOffset += to * os[d];
    return Math.max(0, Math.min(n - from, out.shape[d] - to));
  });
  stridedCopy(rt, elementBytes(x.dtype), shape, buf(x).ptr, srcOffset, xs, buf(out).ptr, dstOffset, os);
}

/** The contract's `concat` kernel: each input is a strided copy into its slab of out. */
export function concat(rt: WasmRuntime, xs: readonly TensorInfo[], out: TensorInfo, axis: number): void {
  const os = contiguousStrides(out.shape);
  let at = 0;
  for (const x of xs) {
    stridedCopy(rt, elementBytes(x.dtype), x.shape, buf(x).ptr, 0, contiguousStrides(x.shape), buf(out).ptr, at * os[axis], os);
    at += x.shape[axis];
  }
}

/** The contract's `expand` kernel: broadcast copy (stride 0 along broadcast dimensions). */
export function expand(rt: WasmRuntime, x: TensorInfo, out: TensorInfo): void {
  const src = broadcastStrides(x.shape, out.shape);
  stridedCopy(rt, elementBytes(x.dtype), out.shape, buf(x).ptr, 0, src, buf(out).ptr, 0, contiguousStrides(out.shape));
}
