// Data movement: transpose, slice, expand and concat are one strided copy
// (iterate a shape, read and write through two stride sets); fill and pad
// write constants. They move whole elements without arithmetic: 32-bit words
// for float32/int32/bool, f16 elements for float16 (two halves share a word,
// so a word copy would move a neighbour too; element stores never race).
import { type DType, sizeOf, stridesOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { toDTypeBits } from './dtype-bits.js';
import { broadcastStrides, bufferOf } from './layout.js';
import { Params } from './params.js';

/** The element a movement kernel moves: a 32-bit word, or an f16 for float16. */
function elementType(dtype: DType): 'u32' | 'f16' {
  return dtype === 'float16' ? 'f16' : 'u32';
}

/** WGSL for the constant of a fill/pad, from its stored bits at P[k] (16 of them for f16). */
function constantAt(k: number, et: 'u32' | 'f16'): string {
  return et === 'f16' ? `bitcast<vec2<f16>>(P[${k}]).x` : `P[${k}]`;
}

const stridedCopyShader = (et: 'u32' | 'f16'): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${et}>;
@group(0) @binding(2) var<storage, read> x: array<${et}>;
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
  rt.dispatch(rt.shader(`copy:${elementType(x.dtype)}`, () => stridedCopyShader(elementType(x.dtype))), [bufferOf(out, 'copy', 'out'), bufferOf(x, 'copy', 'x')], p.words(), rt.grid1d(n));
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

/**
 * Sets the first `count` 32-bit words of `buffer` to `word`.
 *
 * @example
 * ```ts
 * fillWords(rt, scratch, n, 0); // zeros
 * ```
 */
export function fillWords(rt: GPURuntime, buffer: GPUBuffer, count: number, word: number): void {
  if (count === 0) return;
  rt.dispatch(FILL, [buffer], new Params().u32(count).u32(word).words(), rt.grid1d(count));
}

/**
 * out[i] = value converted to out.dtype. float16 fills whole words with the
 * half twice (the buffer is whole words, so an odd count's spare half is ours).
 */
export function fill(rt: GPURuntime, out: TensorInfo, value: number): void {
  const n = sizeOf(out.shape);
  const bits = toDTypeBits(value, out.dtype);
  const buffer = bufferOf(out, 'fill', 'out');
  if (out.dtype === 'float16') fillWords(rt, buffer, Math.ceil(n / 2), bits | (bits << 16));
  else fillWords(rt, buffer, n, bits);
}

const padShader = (et: 'u32' | 'f16'): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${et}>;
@group(0) @binding(2) var<storage, read> x: array<${et}>;
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
  out[i] = select(${constantAt(2, et)}, x[src], inside);
}`;

/** Constant padding: x lands at offset `before` of out, the rest is `value`. */
export function pad(rt: GPURuntime, x: TensorInfo, out: TensorInfo, before: readonly number[], value: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(out.shape.length).u32(toDTypeBits(value, out.dtype)).list(out.shape).list(x.shape).list(before);
  rt.dispatch(padShader(elementType(out.dtype)), [bufferOf(out, 'pad', 'out'), bufferOf(x, 'pad', 'x')], p.words(), rt.grid1d(n));
}
