/**
 * @dendrite/backend-wasm: the WebAssembly backend of Dendrite. SIMD kernels
 * written in AssemblyScript (a SIMD128 build and a relaxed-SIMD build with
 * fused multiply-add, picked at load time), multi-threaded with workers over
 * one shared memory (single-threaded on non-shared memory where the page is
 * not cross-origin isolated).
 *
 * Importing the package registers the backend as 'wasm' (priority 10), as
 * `@dendrite/backend-wasm/register` does; `await ready()` then selects it.
 *
 * @example
 * ```ts runnable
 * import { ready } from '@dendrite/core';
 * import { setThreads } from '@dendrite/backend-wasm';
 * await setThreads(2);
 * console.log((await ready()).backend); // 'wasm'
 * ```
 * @packageDocumentation
 */
import './register.js';

export { createWasmBackend, type WasmBackendOptions } from './backend.js';
export { setThreads } from './threads.js';
export { type WasmBuild, type WasmBuildChoice, pickBuild } from './loader.js';
export type { WasmBuffer } from './runtime.js';
