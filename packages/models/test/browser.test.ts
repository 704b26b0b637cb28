// @dendrite/models in a browser: no Node built-in is imported at module load
// (a browser bundle of the package builds with no stubs), Node-only features
// throw a typed error that names them where there are no Node built-ins, and
// the pretrained weights load from bytes or a URL. The headless-Chromium run of
// a bundle is in apps/consumer (src/browser.mjs).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { ValueError, memory } from '@dendrite/core';
import { type Module, SGD } from '@dendrite/layers';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeNet5, brownCorpus, lenet5, loadPretrained, MLP, pretrainedPath, trainEpochs } from '../src/index.js';

const src = new URL('../src/index.ts', import.meta.url).pathname;

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Hides process.getBuiltinModule, as in a page (core's nodeBuiltin then throws ValueError). */
function withoutNodeBuiltins(): void {
  vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
}

describe('@dendrite/models in browsers', () => {
  it('bundles for the browser (esbuild, platform browser, no plugins) without any Node built-in', async () => {
    // The other packages resolve as an app sees them (dist/ through `exports`, `browser` condition),
    // not through tsconfig paths to their sources.
    const r = await build({ entryPoints: [src], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', tsconfigRaw: '{}', external: ['webgpu'] });
    const nodeImports = Object.entries(r.metafile.inputs).flatMap(([file, v]) => v.imports.filter((i) => /^node:|^(fs|path|url|module|zlib|stream|util)$/.test(i.path)).map((i) => `${file} -> ${i.path}`));
    expect(nodeImports).toEqual([]);
  }, 120_000);

  it('Node-only features throw a ValueError naming the feature when Node built-ins are missing', async () => {
    withoutNodeBuiltins();
    expect(() => brownCorpus()).toThrow(ValueError);
    expect(() => brownCorpus()).toThrow(/brownCorpus/);
    expect(() => pretrainedPath('lenet5-mnist')).toThrow(/pretrainedPath\('lenet5-mnist'\).*needs Node.*weights: new URL/);
    await expect(lenet5({ pretrained: true })).rejects.toThrow(ValueError);
    const model = new MLP({ inFeatures: 2, hidden: [], outFeatures: 1 });
    await expect(trainEpochs({ model, optimizers: { sgd: new SGD(model.parameters(), { lr: 0.1 }) }, epochs: 1, dir: 'runs/x', verbose: 0, batches: () => [], step: async () => ({ logs: {}, size: 0 }) })).rejects.toThrow(/trainEpochs: checkpoints \('dir'\)/);
    model.dispose();
  });

  it('loadPretrained takes the weight file as bytes, an ArrayBuffer or a URL, and rejects other values', async () => {
    const bytes = new Uint8Array(readFileSync(pretrainedPath('lenet5-mnist')));
    const fromFile = await lenet5({ pretrained: true });
    const expected = await fromFile.stateDict()['features.0.weight'].data();
    const release = (m: Module) => m.dispose();
    release(fromFile);
    const start = memory().numTensors;
    withoutNodeBuiltins();
    const server = createServer((req, res) => (req.url === '/w.safetensors' ? res.end(bytes) : res.writeHead(404).end()));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      for (const weights of [bytes, bytes.slice().buffer, new URL('/w.safetensors', base), `${base}/w.safetensors`]) {
        const net = await lenet5({ pretrained: true, weights });
        expect(Array.from(await net.stateDict()['features.0.weight'].data())).toEqual(Array.from(expected));
        expect(net.training).toBe(false);
        release(net);
      }
      const modern = new LeNet5({ variant: 'modern' });
      await expect(loadPretrained(modern, 'lenet5-mnist', { weights: `${base}/missing` })).rejects.toThrow(/answered 404/);
      await expect(loadPretrained(modern, 'lenet5-mnist', { weights: 42 as never })).rejects.toThrow(/'weights' must be a Uint8Array/);
      // The file of another architecture fails the strict load, and frees what it read.
      const other = new MLP({ inFeatures: 784, hidden: [256], outFeatures: 10 });
      await expect(loadPretrained(other, 'lenet5-mnist', { weights: bytes })).rejects.toThrow(/features\.0\.weight/);
      release(modern);
      release(other);
    } finally {
      server.close();
    }
    expect(memory().numTensors).toBe(start);
  });
});
