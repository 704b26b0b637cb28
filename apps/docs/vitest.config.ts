import { defineConfig } from 'vitest/config';

// The docs tests run the guides' code and a browser against the built
// packages (as users get them), so no source aliases here.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000, pool: 'forks', fileParallelism: false },
});
