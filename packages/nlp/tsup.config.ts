import { defineConfig } from 'tsup';

// Two entries: the browser-safe library and the Node-only file/dataset helpers.
// ESM only (one module graph: Node >= 20.19 require()s ESM, so import and require
// share one core and one backend registry); no source maps in the tarball.
export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'es2022',
});
