// The opt-in suite (`npm run test:full`): full-size model comparisons that take minutes.
import { defineConfig } from 'vitest/config';
import { alias } from '../../vitest.shared';

export default defineConfig({
  resolve: { alias },
  test: { include: ['test-full/**/*.test.ts'], testTimeout: 1_200_000, hookTimeout: 120_000, pool: 'forks' },
});
