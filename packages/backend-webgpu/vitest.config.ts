import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(
  shared,
  defineConfig({
    // lavapipe compiles every pipeline on the CPU: the first use of a kernel takes a while.
    test: { testTimeout: 60_000, hookTimeout: 60_000 },
  }),
);
