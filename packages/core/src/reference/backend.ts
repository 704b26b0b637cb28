// The reference backend object: typed-array buffers plus the reference kernels.
import type { Backend } from '../backend/contract.js';
import type { DataArray } from '../dtype.js';
import { withHalfRounding } from './half-rounding.js';
import { referenceKernels } from './kernels.js';
import { allocBuffer, freeBuffer, type RefMemoryStats, readBuffer, writeBuffer } from './memory.js';

/**
 * A backend in plain TypeScript that implements every kernel of the contract,
 * primitives and fused ones, with straightforward loops and float64
 * accumulation: slow, but the oracle other backends are checked against.
 * float16 is emulated: values are held as float32 and rounded to half after
 * every kernel.
 * Its methods are closures (no `this`), so the object may be spread or copied.
 *
 * @example
 * ```ts runnable
 * import { createReferenceBackend } from '@dendrite/core/testing';
 * const ref = createReferenceBackend();
 * const h = ref.alloc('float32', 3);
 * ref.write(h, new Float32Array([1, 2, 3]));
 * ref.free(h);
 * ```
 */
export function createReferenceBackend(): Backend {
  const stats: RefMemoryStats = { bytes: 0, buffers: 0 };
  return {
    name: 'reference',
    capabilities: {
      dtypes: ['float32', 'float16', 'int32', 'bool'],
      syncRead: true,
      description: 'plain TypeScript loops with float64 accumulation (slow; the correctness oracle)',
    },
    alloc: (dtype, size) => allocBuffer(stats, dtype, size),
    write: (handle, data) => writeBuffer(handle, data),
    read: async (handle): Promise<DataArray> => readBuffer(handle),
    readSync: (handle) => readBuffer(handle),
    free: (handle) => freeBuffer(stats, handle),
    memory: () => ({ bytes: stats.bytes, buffers: stats.buffers }),
    kernels: withHalfRounding(referenceKernels()),
  };
}
