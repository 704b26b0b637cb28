// Validation of index tensors shared by gather, indexSelect, takeAlongAxis,
// scatterAdd and oneHot.
import type { Backend } from '../backend/contract.js';
import { DTypeError, ValueError } from '../errors.js';
import { fmtShape } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Throws `DTypeError` unless `indices` is int32, and, where its backend reads
 * synchronously, `ValueError` naming the first index outside `0..bound-1`.
 * Backends that read only asynchronously skip the range check: the contract
 * makes their kernels write 0 (gather) or skip (scatterAdd) such indices.
 *
 * @example
 * ```ts
 * checkIndices('gather', idx, 'indices', x.shape[axis], `x.shape[${axis}]`);
 * ```
 */
export function checkIndices(op: string, indices: Tensor, arg: string, bound: number, boundName: string): void {
  if (indices.dtype !== 'int32') {
    throw new DTypeError(`${op}: argument '${arg}' must be int32, got ${indices.dtype} ${fmtShape(indices.shape)}; convert with cast(${arg}, 'int32')`);
  }
  const backend = indices.backendImpl;
  if (!canCheckIndices(backend) || indices.size === 0) return;
  const values = backend.readSync!(indices.storage.handle);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= bound) {
      throw new ValueError(
        `${op}: argument '${arg}' ${fmtShape(indices.shape)} holds ${v} at flat position ${i}, outside the valid range 0..${bound - 1} (${boundName} = ${bound})`,
      );
    }
  }
}

/**
 * Whether index ranges on `backend` can be checked on the host (it reads synchronously).
 *
 * @example
 * ```ts
 * if (!canCheckIndices(x.backendImpl)) offsets = maskOutOfRange(offsets);
 * ```
 */
export function canCheckIndices(backend: Backend): boolean {
  return backend.capabilities.syncRead && typeof backend.readSync === 'function';
}
