// What this backend hands the core as a DataHandle.
import type { DType } from '@dendrite/core';

/**
 * A tensor's storage: a GPUBuffer of 32-bit words (float32 as f32, int32 as
 * i32, bool as u32 0/1, float16 as f16 two to a word, the last word half
 * used when the count is odd), its element count and dtype.
 *
 * @example
 * ```ts
 * const h = backend.alloc('float32', 4) as WebGPUHandle;
 * h.buffer.size; // >= 16 bytes (pool size class)
 * ```
 */
export interface WebGPUHandle {
  /** The GPU buffer holding the elements (its size is the pool's size class, at least the data's). */
  readonly buffer: GPUBuffer;
  /** Number of elements. */
  readonly size: number;
  /** Element type. */
  readonly dtype: DType;
  /** Set by `free`, so a double free or use-after-free is caught. */
  freed: boolean;
}
