// Shape helpers shared by the kernels: storage types and buffer sizes,
// broadcast strides, and the handle of a TensorInfo.
import { BackendError, type DType, stridesOf, type TensorInfo } from '@dendrite/core';
import type { WebGPUHandle } from '../handle.js';

/**
 * The WGSL element type a dtype is stored as (bool is a u32 holding 0 or 1;
 * float16 is f16, two to a 32-bit word, which needs shader-f16).
 *
 * @example
 * ```ts
 * storageType('float16'); // 'f16'
 * ```
 */
export function storageType(dtype: DType): 'f32' | 'f16' | 'i32' | 'u32' {
  if (dtype === 'float32') return 'f32';
  if (dtype === 'float16') return 'f16';
  if (dtype === 'int32') return 'i32';
  return 'u32';
}

/**
 * Bytes of a buffer of `size` elements: 4 each, but 2 for float16, rounded
 * up to a whole 32-bit word (WebGPU copies and writes whole words).
 *
 * @example
 * ```ts
 * storageBytes('float16', 3); // 8
 * ```
 */
export function storageBytes(dtype: DType, size: number): number {
  return dtype === 'float16' ? Math.ceil(size / 2) * 4 : size * 4;
}

/** The GPU buffer behind a TensorInfo, checked to be live. */
export function bufferOf(t: TensorInfo, op: string, arg: string): GPUBuffer {
  const h = t.handle as WebGPUHandle;
  if (!h || typeof h !== 'object' || !('buffer' in h)) throw new BackendError(`webgpu ${op}: '${arg}' is not a WebGPU handle`);
  if (h.freed) throw new BackendError(`webgpu ${op}: '${arg}' was freed`);
  return h.buffer;
}

/**
 * Strides of `inShape` seen from `outShape` under NumPy broadcasting: one per
 * output dim, 0 where the input is missing or has extent 1.
 *
 * @example
 * ```ts
 * broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 * ```
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(inShape);
  const lead = outShape.length - inShape.length;
  return outShape.map((_, d) => {
    const k = d - lead;
    return k < 0 || inShape[k] === 1 ? 0 : strides[k];
  });
}
