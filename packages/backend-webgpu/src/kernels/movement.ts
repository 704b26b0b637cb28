// Data movement: transpose, slice, expand and concat are one strided copy
// (iterate a shape, read and write through two stride sets); fill and pad
// write constants. All move raw 32-bit words, so they serve every dtype.
import { type TensorInfo, sizeOf, stridesOf } from '@dendrite/core';
import { toDTypeBits } from './dtype-bits.js';
import { bufferOf, broadcastStrides } from './layout.js';
import { Params } from './params.js';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';

const STRIDED_COPY = /* wgsl */ `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<u32>;
${MAIN_1D}
  let rank = P[1];
  let o = pi(2) + stridedOffset(i, rank, 4u, 4u + rank);
  let s = pi(3) + stridedOffset(i, rank, 4u, 4u + 2u * rank);
  out[u32(o)] = x[u32(s)];
}`;

/**
 * Copies `shape` elements: out[outBase + idx·outStrides] = x[inBase + idx·inStrides].
 *
 * @example
 * ```ts
 * stridedCopy(rt, out, x, [2, 3], 0, [3, 1], 0, [1, 2]); // a transpose of a [3, 2]
 * ```
 */
export function stridedCopy(
  rt: GPURuntime,
  out: TensorInfo,
  x: TensorInfo,
  shape: readonly number[],
  outBase: number,
  outStrides: readonly number[],
  inBase: number,
  inStrides: readonly number[],
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(shape.length).i32(outBase).i32(inBase).list(shape).list(outStrides).list(inStrides);
  rt.dispatch(STRIDED_COPY, [bufferOf(out, 'copy', 'out'), bufferOf(x, 'copy', 'x')], p.words(), rt.grid1d(n));
}

/** out = x permuted by `perm`. */
export function transpose(rt: GPURuntime, x: TensorInfo, out: TensorInfo, perm: readonly number[]): void {
  const xs = stridesOf(x.shape);
  stridedCopy(rt, out, x, out.shape, 0, stridesOf(out.shape), 0, perm.map((p) => xs[p]));
}

/** out[idx] = x[begin + idx * step]. */
export function slice(rt: GPURuntime, x: TensorInfo, out: TensorInfo, begin: readonly number[], step: readonly number[]): void {
  const xs = stridesOf(x.shape);
  const base = begin.reduce((acc, b, d) => acc + b * xs[d], 0);
  stridedCopy(rt, out, x, out.shape, 0, stridesOf(out.shape), base, xs.map((s, d) => s * step[d]));
}

/** Broadcast copy of x to out.shape. */
export function expand(rt: GPURuntime, x: TensorInfo, out: TensorInfo): void {
  stridedCopy(rt, out, x, out.shape, 0, stridesOf(out.shape), 0, broadcastStrides(x.shape, out.shape));
}

/** Concatenation along `axis`: one strided copy per input into its slab of out. */
export function concat(rt: GPURuntime, xs: readonly TensorInfo[], out: TensorInfo, axis: number): void {
  const os = stridesOf(out.shape);
  let at = 0;
  for (const x of xs) {
    stridedCopy(rt, out, x, x.shape, at * os[axis], os, 0, stridesOf(x.shape));
    at += x.shape[axis];
  }
}

const FILL = /* wgsl */ `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
${MAIN_1D}
  out[i] = P[1];
}`;

/** out[i] = value converted to out.dtype. */
export function fill(rt: GPURuntime, out: TensorInfo, value: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(toDTypeBits(value, out.dtype));
  rt.dispatch(FILL, [bufferOf(out, 'fill', 'out')], p.words(), rt.grid1d(n));
}

const PAD = /* wgsl */ `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<u32>;
${MAIN_1D}
  // P: n, rank, value, outShape[rank], xShape[rank], before[rank]
  let rank = P[1];
  var rem = i;
  var src = 0u;
  var stride = 1u;
  var inside = true;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    let extent = P[3u + du];
    let c = i32(rem % extent) - pi(3u + 2u * rank + du);
    rem = rem / extent;
    let xExtent = P[3u + rank + du];
    if (c < 0 || c >= i32(xExtent)) { inside = false; } else { src += u32(c) * stride; }
    stride *= xExtent;
  }
  out[i] = select(P[2], x[src], inside);
}`;

/** Constant padding: x lands at offset `before` of out, the rest is `value`. */
export function pad(rt: GPURuntime, x: TensorInfo, out: TensorInfo, before: readonly number[], value: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(out.shape.length).u32(toDTypeBits(value, out.dtype)).list(out.shape).list(x.shape).list(before);
  rt.dispatch(PAD, [bufferOf(out, 'pad', 'out'), bufferOf(x, 'pad', 'x')], p.words(), rt.grid1d(n));
}
