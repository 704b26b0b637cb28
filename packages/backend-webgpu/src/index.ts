/**
 * @dendrite/backend-webgpu: WGSL compute kernels for the Dendrite Backend
 * contract, on `navigator.gpu` in browsers and on Dawn (the `webgpu` npm
 * package) in Node.
 *
 * @example
 * ```ts
 * import { createWebGPUBackend } from '@dendrite/backend-webgpu';
 * const backend = await createWebGPUBackend();
 * ```
 * @packageDocumentation
 */
export { createWebGPUBackend, type WebGPUBackendOptions } from './backend.js';
export type { WebGPUHandle } from './handle.js';
export { sizeClass } from './buffer-pool.js';
