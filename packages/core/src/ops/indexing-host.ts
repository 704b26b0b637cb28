// Index metadata built on the host (flat offsets, reflect/replicate maps,
// class ids) and uploaded to the backend of the tensor it indexes, so ops
// never mix backends.
import type { Backend } from '../backend/contract.js';
import { allocTensor } from '../engine/apply.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * An int32 tensor on `backend` holding `values` (length = size of `shape`).
 *
 * @example
 * ```ts
 * const idx = indexTensorOn(x.backendImpl, Int32Array.from([2, 0]), [2]);
 * ```
 */
export function indexTensorOn(backend: Backend, values: Int32Array, shape: readonly number[]): Tensor {
  const t = allocTensor(backend, shape, 'int32');
  if (sizeOf(shape) > 0) backend.write(t.storage.handle, values);
  return t;
}
