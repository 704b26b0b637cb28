// Small host-built tensors (index maps, interpolation matrices, base grids)
// placed on the backend of the op's input, and fused-kernel availability.
import type { Backend, FusedKernels } from '../../backend/contract.js';
import type { DataArray, DType } from '../../dtype.js';
import { allocTensor } from '../../engine/apply.js';
import { encodeHalf } from '../../half.js';
import { sizeOf } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * A tensor on `backend` holding `data` (length must equal the shape's size;
 * for float16, float values, which are rounded to half).
 *
 * @example
 * ```ts
 * const idx = hostConstant(x.backendImpl, Int32Array.from([0, 2]), [2], 'int32');
 * ```
 */
export function hostConstant(backend: Backend, data: DataArray, shape: readonly number[], dtype: DType): Tensor {
  const t = allocTensor(backend, shape, dtype);
  // float16 constants are given as float values and stored as half bit patterns.
  const stored = dtype === 'float16' && !(data instanceof Uint16Array) ? encodeHalf(data) : data;
  if (sizeOf(shape) > 0) backend.write(t.storage.handle, stored);
  return t;
}

/**
 * True when the backend of `x` provides every named fused kernel. Ops take
 * the fused path only when the forward kernel and its gradient kernels are
 * all present, so forward and backward agree on one implementation.
 *
 * @example
 * ```ts
 * if (hasFused(x, ['maxPool2d', 'maxPool2dBackward'])) { ... }
 * ```
 */
export function hasFused(x: Tensor, names: readonly (keyof FusedKernels)[]): boolean {
  const k = x.backendImpl.kernels;
  return names.every((n) => typeof k[n] === 'function');
}
