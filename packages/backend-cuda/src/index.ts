/**
 * @dendrite/backend-cuda: the native CUDA backend of Dendrite. A Node-API
 * addon (built by cmake-js with nvcc at install time when a CUDA toolkit is
 * present) with its own kernels: a tiled SGEMM, implicit-GEMM convolutions,
 * pooling, softmax, norms, reductions and the core's Philox RNG; a caching
 * device allocator and one stream per backend. Installs everywhere; where
 * CUDA cannot run, `checkCuda()` says why. Importing the package registers
 * the backend as 'cuda' (priority 30), as `@dendrite/backend-cuda/register`
 * does; `ready()` skips it with the reason where CUDA cannot run.
 *
 * @example
 * ```ts runnable
 * import { registerBackend, setBackend } from '@dendrite/core';
 * import { checkCuda, createCudaBackend } from '@dendrite/backend-cuda';
 * if (checkCuda().available) {
 *   registerBackend('cuda', () => createCudaBackend(), { priority: 30 });
 *   await setBackend('cuda');
 * }
 * ```
 * @packageDocumentation
 */
import './register.js';

export { createCudaBackend, type CudaBackendOptions } from './backend.js';
export { available, checkCuda, type CudaCheck } from './availability.js';
export { addonPath, type NativeDevice } from './native.js';
export type { CudaBuffer } from './handle.js';
