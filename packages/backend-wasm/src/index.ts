/**
 * @dendrite/backend-wasm: the WebAssembly backend of Dendrite. SIMD kernels
 * written in AssemblyScript (a SIMD128 build and a relaxed-SIMD build with
 * fused multiply-add, picked at load time), multi-threaded with workers over
 * one shared memory.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@dendrite/core';
 * import { createWasmBackend, setThreads } from '@dendrite/backend-wasm';
 * registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
 * await setThreads(2);
 * ```
 * @packageDocumentation
 */
export { createWasmBackend, type WasmBackendOptions } from './backend.js';
export { setThreads } from './threads.js';
export { type WasmBuild, type WasmBuildChoice, pickBuild } from './loader.js';
export type { WasmBuffer, WasmRuntime } from './runtime.js';
