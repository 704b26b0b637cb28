// Shared vitest settings: tests import sibling packages from their TypeScript
// sources, so `npm test` needs no build step and edits are seen at once.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

export const alias = [
  { find: /^@dendrite\/core\/testing$/, replacement: pkg('core/src/testing/index.ts') },
  { find: /^@dendrite\/core$/, replacement: pkg('core/src/index.ts') },
  { find: /^@dendrite\/backend-wasm$/, replacement: pkg('backend-wasm/src/index.ts') },
  { find: /^@dendrite\/backend-webgpu$/, replacement: pkg('backend-webgpu/src/index.ts') },
  { find: /^@dendrite\/backend-cuda$/, replacement: pkg('backend-cuda/src/index.ts') },
  { find: /^@dendrite\/layers$/, replacement: pkg('layers/src/index.ts') },
  { find: /^@dendrite\/data$/, replacement: pkg('data/src/index.ts') },
  { find: /^@dendrite\/models$/, replacement: pkg('models/src/index.ts') },
  { find: /^@dendrite\/distributed$/, replacement: pkg('distributed/src/index.ts') },
  { find: /^@dendrite\/nlp$/, replacement: pkg('nlp/src/index.ts') },
  { find: /^@dendrite\/nlp\/node$/, replacement: pkg('nlp/src/node.ts') },
];

export default defineConfig({
  resolve: { alias },
  test: { include: ['test/**/*.test.ts'], testTimeout: 120000, hookTimeout: 120000, pool: 'forks' },
});
