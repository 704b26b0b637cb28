/**
 * Side-effect entry: registers the WebGPU backend with priority 20, so
 * `ready()` picks it over WASM where an adapter exists and reports why not
 * (no adapter, Dawn failed to load, ...) elsewhere.
 *
 * @example
 * ```ts
 * import '@dendrite/backend-webgpu/register';
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dendrite/core';
import { createWebGPUBackend } from './backend.js';

registerBackend('webgpu', () => createWebGPUBackend(), { priority: 20 });
