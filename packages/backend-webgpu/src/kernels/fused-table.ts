// The optional fused kernels this backend provides.
import type { FusedKernels } from '@dendrite/core';
import type { GPURuntime } from '../runtime.js';

/**
 * The fused kernels of a WebGPU backend running on `rt`.
 *
 * @example
 * ```ts
 * const fused = fusedKernels(rt);
 * ```
 */
export function fusedKernels(_rt: GPURuntime): Partial<FusedKernels> {
  return {};
}
