/**
 * @dendrite/backend-webgpu: WGSL compute kernels for the Dendrite Backend
 * contract, on `navigator.gpu` in browsers and on Dawn (the `webgpu` npm
 * package) in Node.
 *
 * Importing the package registers the backend as 'webgpu' (priority 20), as
 * `@dendrite/backend-webgpu/register` does: `await ready()` selects it where
 * a hardware adapter exists. A CPU-emulated adapter (lavapipe, SwiftShader)
 * ranks below wasm unless asked for with `setBackend('webgpu')`.
 *
 * @example
 * ```ts runnable
 * import { createWebGPUBackend } from '@dendrite/backend-webgpu';
 * const backend = await createWebGPUBackend();
 * ```
 * @packageDocumentation
 */
import './register.js';

export { createWebGPUBackend, type WebGPUBackendOptions } from './backend.js';
export type { WebGPUHandle } from './handle.js';
export { sizeClass } from './buffer-pool.js';
