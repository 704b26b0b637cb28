// gather and its adjoint scatterAdd. Out-of-range indices read as 0 (gather)
// or are skipped (scatterAdd), as the contract requires.
import { DTypeError, type TensorInfo, sizeOf } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';
import { MAIN_1D, PRELUDE } from '../wgsl/prelude.js';
import { fill } from './movement.js';
import { bufferOf, storageType } from './layout.js';
import { Params } from './params.js';

const GATHER = /* wgsl */ `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@group(0) @binding(2) var<storage, read> x: array<u32>;
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
  if (at < 0 || at >= i32(len)) { out[i] = 0u; return; }
  out[i] = x[(outer * len + u32(at)) * inner + k];
}`;

/** The contract's `gather` kernel (moves raw words; 0 for out-of-range indices in every dtype). */
export function gather(rt: GPURuntime, x: TensorInfo, indices: TensorInfo, out: TensorInfo, axis: number): void {
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const p = new Params().u32(n).u32(x.shape[axis]).u32(sizeOf(indices.shape)).u32(sizeOf(x.shape.slice(axis + 1)));
  const buffers = [bufferOf(out, 'gather', 'out'), bufferOf(x, 'gather', 'x'), bufferOf(indices, 'gather', 'indices')];
  rt.dispatch(GATHER, buffers, p.words(), rt.grid1d(n));
}

// One thread per update element. float32 has no atomic add in WGSL, so it is
// a compare-exchange loop on the bit pattern; int32 uses atomicAdd.
function scatterShader(float: boolean): string {
  const add = float
    ? `var old = atomicLoad(&out[dst]);
  loop {
    let next = bitcast<u32>(bitcast<f32>(old) + bitcast<f32>(upd[i]));
    let r = atomicCompareExchangeWeak(&out[dst], old, next);
    if (r.exchanged) { break; }
    old = r.old_value;
  }`
    : 'atomicAdd(&out[dst], upd[i]);';
  return `${PRELUDE}
@group(0) @binding(1) var<storage, read_write> out: array<atomic<${float ? 'u32' : 'i32'}>>;
@group(0) @binding(2) var<storage, read> upd: array<${float ? 'u32' : 'i32'}>;
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

/** The contract's `scatterAdd` kernel: zeros, then atomic adds of every update. */
export function scatterAdd(rt: GPURuntime, indices: TensorInfo, updates: TensorInfo, out: TensorInfo, axis: number): void {
  if (out.dtype === 'bool') throw new DTypeError(`webgpu scatterAdd: out must be float32 or int32, got bool`);
  fill(rt, out, 0);
  const n = sizeOf(updates.shape);
  if (n === 0 || sizeOf(out.shape) === 0) return;
  const p = new Params().u32(n).u32(out.shape[axis]).u32(sizeOf(indices.shape)).u32(sizeOf(out.shape.slice(axis + 1)));
  const buffers = [bufferOf(out, 'scatterAdd', 'out'), bufferOf(updates, 'scatterAdd', 'updates'), bufferOf(indices, 'scatterAdd', 'indices')];
  rt.dispatch(scatterShader(storageType(out.dtype) === 'f32'), buffers, p.words(), rt.grid1d(n));
}
