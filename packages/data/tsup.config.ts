import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

// ESM only (one module graph: Node >= 20.19 require()s ESM, so import and require
// share one core and one backend registry); no source maps in the tarball.
const common: Options = { format: ['esm'], sourcemap: false, target: 'es2022' };

/**
 * The browser build decodes images with the platform (image-decode*.js resolve to
 * image-decode-browser.ts) and leaves PNG writing out (save-png.js resolves to save-png-browser.ts).
 */
const browserImageDecoding = {
  name: 'browser-image-decoding',
  setup(build: { onResolve(o: { filter: RegExp }, f: () => { path: string }): void }) {
    const browser = fileURLToPath(new URL('src/formats/image-decode-browser.ts', import.meta.url));
    build.onResolve({ filter: /\/image-decode(-async)?\.js$/ }, () => ({ path: browser }));
    const savePng = fileURLToPath(new URL('src/images/save-png-browser.ts', import.meta.url));
    build.onResolve({ filter: /\/save-png\.js$/ }, () => ({ path: savePng }));
  },
};

// Two builds into one dist/: package.json's build script empties it first (tsup's clean would race between them).
export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' }, dts: true },
  // Same exports as index (its .d.ts describes both), chosen by the `browser` export condition.
  { ...common, entry: { browser: 'src/index.ts' }, dts: false, platform: 'browser', esbuildPlugins: [browserImageDecoding] },
]);
