import { defineConfig } from 'tsup';

// Two entries: the browser-safe library and the Node-only file/dataset helpers.
export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  shims: true,
});
