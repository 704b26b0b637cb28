import { defineConfig } from 'tsup';

// ESM only (one module graph: Node >= 20.19 require()s ESM, so import and require
// share one core and one backend registry); no source maps in the tarball.
export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'es2022',
  // backendGradcheck imports vitest lazily, only when a test calls it; the kit must not bundle a test runner.
  external: ['vitest'],
  // The Tensor methods are installed by side-effect imports (src/tensor/methods*.ts); package.json's
  // sideEffects describes the shipped dist/ for consumers' bundlers, so this build must not apply it to src/.
  esbuildOptions(options) {
    options.ignoreAnnotations = true;
  },
});
