// Two projects: everything on the SIMD128 build, and the kernel suites again
// on the relaxed-SIMD build in workers started with the V8 flag Node 20
// needs for it (Node 22+ and browsers have relaxed SIMD on by default).
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      projects: [
        { extends: true, test: { name: 'simd128', include: ['test/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'relaxed-simd',
            include: ['test/conformance.test.ts', 'test/primitives.test.ts', 'test/relaxed.test.ts', 'test/gradcheck.test.ts', 'test/optimizer-step.test.ts'],
            execArgv: ['--experimental-wasm-relaxed-simd'],
            env: { DENDRITE_WASM_BUILD: 'relaxed-simd' },
          },
        },
      ],
    },
  }),
);
