/**
 * Side-effect entry: registers the wasm backend with priority 10.
 *
 * @example
 * ```ts
 * import '@dendrite/backend-wasm/register';
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@dendrite/core';
import { createWasmBackend } from './backend.js';

registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
