// gather and its adjoint scatterAdd. Out-of-range indices read as 0 (gather)
// or are skipped (scatterAdd), as the contract requires.
import { type DType, DTypeError, sizeOf, type TensorInfo } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { HALF } from '../wgsl/half.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { bufferOf, storageType } from './layout.js';
import { fill, fillWords } from './movement.js';
import { Params } from './params.js';

/** gather moves whole elements: 32-bit words, or f16 for float16 (never a word holding two halves). */
const gatherShader = (et: 'u32' | 'f16'): string => `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<${et}>;
@group(0) @binding(2) var<storage, read> x: array<${et}>;
@group(0) @binding(3) var<storage, read> idx: array<i32>;
${MAIN_1D}
  // P: n, axisLen, indexCount, inner
  let len = P[1];
  let count = P[2];
  let inner = P[3];
  let k = i % inner;
  let j = (i / inner) % count;
  let outer = i / (inner * count);
  let at = idx[j];
  if (at < 0 || at >= i32(len)) { out[i] = ${et}(0); return; }
  out[i] = x[(outer * len + u32(at)) * inner + k];
}`;

/** The contract's `gather` kernel (moves elements unchanged; 0 for out-of-range indices in every dtype). */
export function gather(rt: GPURuntime, x: TensorInfo, indices: TensorInfo, out: TensorInfo, axis: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(x.shape[axis]).u32(sizeOf(indices.shape)).u32(sizeOf(x.shape.slice(axis + 1)));
  const buffers = [bufferOf(out, 'gather', 'out'), bufferOf(x, 'gather', 'x'), bufferOf(indices, 'gather', 'indices')];
  rt.dispatch(rt.shader(`gather:${x.dtype === 'float16'}`, () => gatherShader(x.dtype === 'float16' ? 'f16' : 'u32')), buffers, p.words(), rt.grid1d(n));
}

// One thread per update element. Floats have no atomic add in WGSL, so they
// add in a compare-exchange loop on the float32 bit pattern (float16 updates
// widen to f32 and add into a float32 accumulator); int32 uses atomicAdd.
function scatterShader(updates: DType): string {
  const float = updates !== 'int32';
  const add = float
    ? `var old = atomicLoad(&out[dst]);
  let u = f32(upd[i]);
  loop {
    let next = bitcast<u32>(bitcast<f32>(old) + u);
    let r = atomicCompareExchangeWeak(&out[dst], old, next);
    if (r.exchanged) { break; }
    old = r.old_value;
  }`
    : 'atomicAdd(&out[dst], upd[i]);';
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<atomic<${float ? 'u32' : 'i32'}>>;
@group(0) @binding(2) var<storage, read> upd: array<${storageType(updates)}>;
@group(0) @binding(3) var<storage, read> idx: array<i32>;
${MAIN_1D}
  // P: n (update count), axisLen, indexCount, inner
  let len = P[1];
  let count = P[2];
  let inner = P[3];
  let k = i % inner;
  let j = (i / inner) % count;
  let outer = i / (inner * count);
  let at = idx[j];
  if (at < 0 || at >= i32(len)) { return; }
  let dst = (outer * len + u32(at)) * inner + k;
  ${add}
}`;
}

/** A float32 accumulator rounded once into float16. */
const NARROW_HALF = /* wgsl */ `${PRELUDE}${HALF}
@group(0) @binding(1) var<storage, read_write> out: array<f16>;
@group(0) @binding(2) var<storage, read> acc: array<f32>;
${MAIN_1D}
  out[i] = toF16(acc[i]);
}`;

/**
 * The contract's `scatterAdd` kernel: zeros, then atomic adds of every update.
 * float16 has no atomics, and two halves share a word: its updates add into
 * a float32 accumulator as float32's do, and the sums round once into out.
 */
export function scatterAdd(rt: GPURuntime, indices: TensorInfo, updates: TensorInfo, out: TensorInfo, axis: number): void {
  if (out.dtype === 'bool') throw new DTypeError(`webgpu scatterAdd: out must be float32, float16 or int32, got bool`);
  if (updates.dtype !== out.dtype) throw new DTypeError(`webgpu scatterAdd: 'updates' is ${updates.dtype} but out is ${out.dtype}`);
  const n = sizeOf(updates.shape);
  const size = sizeOf(out.shape);
  const p = new Params().u32(n).u32(out.shape[axis]).u32(sizeOf(indices.shape)).u32(sizeOf(out.shape.slice(axis + 1)));
  const idx = bufferOf(indices, 'scatterAdd', 'indices');
  const upd = bufferOf(updates, 'scatterAdd', 'updates');
  if (out.dtype !== 'float16') {
    fill(rt, out, 0);
    if (n === 0 || size === 0) return;
    rt.dispatch(scatterShader(out.dtype), [bufferOf(out, 'scatterAdd', 'out'), upd, idx], p.words(), rt.grid1d(n));
    return;
  }
  const dst = bufferOf(out, 'scatterAdd', 'out');
  if (n === 0 || size === 0) {
    fill(rt, out, 0);
    return;
  }
  rt.withScratch(size * 4, (acc) => {
    fillWords(rt, acc, size, 0);
    rt.dispatch(scatterShader('float16'), [acc, upd, idx], p.words(), rt.grid1d(n));
    rt.dispatch(NARROW_HALF, [dst, acc], new Params().u32(size).words(), rt.grid1d(size));
  });
}
