import type { WasmBuild } from '../src/loader.js';

/** The kernel build a test file runs on: set per vitest project (see vitest.config.ts). */
export const BUILD: WasmBuild = process.env.DENDRITE_WASM_BUILD === 'relaxed-simd' ? 'relaxed-simd' : 'simd128';
