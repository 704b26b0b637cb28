import { findBackend, findBackendSync } from '../backend/registry.js';
import type { DataArray } from '../dtype.js';
import { allocTensor, checkInputs, record } from '../engine/apply.js';
import type { Tensor } from './tensor.js';

function upload(t: Tensor, data: DataArray, target: ReturnType<typeof findBackendSync>): Tensor {
  const out = allocTensor(target, t.shape, t.dtype);
  if (data.length) target.write(out.storage.handle, data);
  const from = t.backend;
  record(out, 'to', [t], (dy) => [moveTo(dy, from)], []);
  return out;
}

/**
 * Copies a tensor to another backend (initialized beforehand with
 * `setBackend`/`findBackend`). Gradients flow back to the source backend.
 *
 * @example
 * ```ts
 * await findBackend('wasm');
 * const y = moveTo(x, 'wasm');
 * ```
 */
export function moveTo(t: Tensor, name: string): Tensor {
  checkInputs('to', [t], ['t']);
  const target = findBackendSync(name);
  if (target === t.backendImpl) return t.clone();
  return upload(t, t._rawDataSync(), target);
}

/**
 * Copies a tensor to another backend, reading the source asynchronously
 * (for GPU backends).
 *
 * @example
 * ```ts
 * const y = await moveToAsync(x, 'reference');
 * ```
 */
export async function moveToAsync(t: Tensor, name: string): Promise<Tensor> {
  checkInputs('toAsync', [t], ['t']);
  const target = await findBackend(name);
  if (target === t.backendImpl) return t.clone();
  return upload(t, await t._rawData(), target);
}
