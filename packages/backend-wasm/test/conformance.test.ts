// The backend conformance kit of @dendrite/core/testing, on this project's
// build (simd128, or relaxed-simd in the 'relaxed-simd' vitest project) with
// 1 and 2 threads.
import { backendConformance } from '@dendrite/core/testing';
import * as vitest from 'vitest';
import { describe } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { BUILD } from './build.js';

for (const threads of [1, 2]) {
  describe(`wasm conformance, ${BUILD}, ${threads} thread(s)`, () => {
    // The wasm backend has no float16 (its capabilities say so), so the kit's float16 replays are left out.
    backendConformance(() => createWasmBackend({ threads, build: BUILD }), { float16: false, runner: vitest });
  });
}
