// Tensors cross process boundaries through host memory: read (synchronously
// where the backend can, so a collective is queued at once), communicate,
// then write a new tensor on the same backend.
import { allocTensor, type DataArray, DTypeError, type Tensor } from '@dendrite/core';
import type { HostArray, ReduceOp } from './process-group.js';

/** The host array a tensor's values travel in, copied (the collective writes into it). */
export function hostCopy(t: Tensor, op: string): HostArray | Promise<HostArray> {
  if (t.dtype === 'float16') throw new DTypeError(`${op}: float16 tensors are not communicated; cast to float32 first`);
  const b = t.backendImpl;
  const fresh = (d: ArrayLike<number>) => (t.dtype === 'bool' ? Uint8Array.from(d) : t.dtype === 'int32' ? Int32Array.from(d) : Float32Array.from(d));
  if (b.readSync && b.capabilities.syncRead) return fresh(t.dataSync());
  return t.data().then(fresh);
}

/** A new tensor holding `data`, on `like`'s backend and dtype. */
export function fromHost(like: Tensor, data: HostArray, shape: readonly number[]): Tensor {
  const out = allocTensor(like.backendImpl, shape, like.dtype);
  // Tensor dtypes only (float32, int32, bool) reach here, never Float64Array.
  if (data.length) like.backendImpl.write(out.storage.handle, data as DataArray);
  return out;
}

/** Rejects reductions a dtype cannot do. */
export function checkReduce(t: Tensor, op: ReduceOp, name: string): void {
  if (!['sum', 'mean', 'max', 'min'].includes(op)) throw new DTypeError(`${name}: op must be 'sum', 'mean', 'max' or 'min', got ${JSON.stringify(op)}`);
  if (t.dtype === 'bool' && (op === 'sum' || op === 'mean')) throw new DTypeError(`${name}: cannot '${op}' bool tensors (use 'max' for any, 'min' for all, or cast)`);
  if (t.dtype === 'int32' && op === 'mean') throw new DTypeError(`${name}: 'mean' of int32 tensors is not an int32; cast to float32 or use 'sum'`);
}
