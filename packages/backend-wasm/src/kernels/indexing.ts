import { DTypeError, type TensorInfo, fmtShape, sizeOf } from '@dendrite/core';
import type { WasmBuffer, WasmRuntime } from '../runtime.js';
import { dtypeCode, elementBytes } from './codes.js';
import { launch } from './launch.js';

const ptr = (t: TensorInfo) => (t.handle as WasmBuffer).ptr;
const prod = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

function checkIndices(op: string, indices: TensorInfo): void {
  if (indices.dtype !== 'int32') throw new DTypeError(`wasm ${op}: 'indices' must be int32, got ${indices.dtype} ${fmtShape(indices.shape)}`);
}

/** The contract's `gather` kernel: x as [O, A, I], indices flattened to J; out-of-range rows read 0. */
export function gather(rt: WasmRuntime, x: TensorInfo, indices: TensorInfo, out: TensorInfo, axis: number): void {
  checkIndices('gather', indices);
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const outer = prod(x.shape.slice(0, axis));
  const inner = prod(x.shape.slice(axis + 1));
  const j = sizeOf(indices.shape);
  launch(rt, 'gather', [ptr(x), ptr(indices), ptr(out), outer, x.shape[axis], j, inner, elementBytes(x.dtype)], n);
}

/** The contract's `scatterAdd` kernel: out as [O, A, I], updates as [O, J, I]; out-of-range indices are skipped. */
export function scatterAdd(rt: WasmRuntime, indices: TensorInfo, updates: TensorInfo, out: TensorInfo, axis: number): void {
  checkIndices('scatterAdd', indices);
  if (out.dtype === 'bool' || updates.dtype !== out.dtype) {
    throw new DTypeError(`wasm scatterAdd: updates (${updates.dtype} ${fmtShape(updates.shape)}) and out (${out.dtype} ${fmtShape(out.shape)}) must share a float32 or int32 dtype`);
  }
  const n = sizeOf(out.shape);
  if (n === 0) return;
  const outer = prod(out.shape.slice(0, axis));
  const inner = prod(out.shape.slice(axis + 1));
  const j = sizeOf(indices.shape);
  const args = [ptr(indices), ptr(updates), ptr(out), outer, out.shape[axis], j, inner, dtypeCode(out.dtype)];
  launch(rt, 'scatterAdd', args, Math.max(n, outer * j * inner));
}
