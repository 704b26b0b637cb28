// The buffer handle the CUDA backend gives the core.
import { BackendError, type DataHandle, type DType, type TensorInfo, ValueError } from '@dendrite/core';

/**
 * A device buffer: its address (0 for empty buffers), element count and dtype.
 *
 * @example
 * ```ts
 * const b = backend.alloc('float32', 4) as CudaBuffer; // b.ptr is the device address
 * ```
 */
export interface CudaBuffer {
  /** Device address of the block. */
  readonly ptr: number;
  /** Number of elements. */
  readonly size: number;
  /** Element type. */
  readonly dtype: DType;
  /** Bytes requested (the allocator may hand out a larger block). */
  readonly bytes: number;
  /** Set by `free`, so a double free or use after free is caught. */
  freed: boolean;
}

/** The buffer behind a handle, checked. */
export function bufferOf(handle: DataHandle, op: string): CudaBuffer {
  const b = handle as CudaBuffer;
  if (!b || typeof b.ptr !== 'number' || typeof b.size !== 'number') throw new ValueError(`cuda ${op}: not a CUDA buffer handle`);
  if (b.freed) throw new BackendError(`cuda ${op}: the buffer was already freed`);
  return b;
}

/** The device address of a kernel argument. */
export function ptrOf(info: TensorInfo, op: string): number {
  return bufferOf(info.handle, op).ptr;
}

/** A native error (its message names the failed CUDA call) as a BackendError naming the op. */
export function asBackendError(op: string, err: unknown): Error {
  if (err instanceof BackendError || err instanceof ValueError) return err;
  return new BackendError(`cuda ${op}: ${err instanceof Error ? err.message : String(err)}`);
}
