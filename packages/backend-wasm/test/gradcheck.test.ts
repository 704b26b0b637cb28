// Every gradcheck case of the core (every differentiable op, gradients of
// gradients included) with the wasm backend active, on 1 and on 2 threads;
// the relaxed-SIMD project runs this file again on that build.
import { backendGradcheck } from '@dendrite/core/testing';
import { createWasmBackend } from '../src/index.js';
import { BUILD } from './build.js';

for (const threads of [1, 2]) {
  await backendGradcheck(() => createWasmBackend({ threads, build: BUILD }), { name: `wasm ${BUILD}, ${threads} thread${threads > 1 ? 's' : ''}` });
}
