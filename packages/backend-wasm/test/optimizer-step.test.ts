// The fused optimizer step against core's composition over 5 steps, for every
// rule and option, on 1 and 2 threads (a 40,003-element parameter reaches the
// threaded path); the relaxed-SIMD project runs this file again on that build.
// Kernel-level checks against the float64 reference are in the conformance kit.
import { memory, registerBackend, setBackend } from '@dendrite/core';
import { checkOptimizerPaths, OPTIMIZER_PATH_CONFIGS } from '@dendrite/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { BUILD } from './build.js';

for (const threads of [1, 2]) {
  describe(`wasm optimizerStep, ${BUILD}, ${threads} thread(s): fused vs composed`, () => {
    const name = `wasm-optim-${BUILD}-${threads}`;
    beforeAll(async () => {
      registerBackend(name, () => createWasmBackend({ threads, build: BUILD }));
      await setBackend(name);
    });
    for (const [config] of OPTIMIZER_PATH_CONFIGS) {
      it(config, async () => {
        const before = memory().numTensors;
        await checkOptimizerPaths(config);
        await checkOptimizerPaths(config, { size: 40003 });
        expect(memory().numTensors).toBe(before);
      });
    }
  });
}
