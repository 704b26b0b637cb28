// The backend conformance kit of @dendrite/core/testing, on this project's
// build (simd128, or relaxed-simd in the 'relaxed-simd' vitest project) with
// 1 and 2 threads.
import type { Backend } from '@dendrite/core';
import * as testing from '@dendrite/core/testing';
import { describe, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { BUILD } from './build.js';

type Kit = (factory: () => Promise<Backend>) => void;
const backendConformance = (testing as unknown as { backendConformance?: Kit }).backendConformance;

if (backendConformance) {
  for (const threads of [1, 2]) {
    describe(`wasm conformance, ${BUILD}, ${threads} thread(s)`, () => {
      backendConformance(() => createWasmBackend({ threads, build: BUILD }));
    });
  }
} else {
  describe('wasm conformance', () => {
    it.skip('skipped: @dendrite/core/testing does not export backendConformance yet (test/primitives.test.ts covers the kernels meanwhile)', () => {});
  });
}
