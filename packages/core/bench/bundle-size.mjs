// Bundle size as a browser app sees it: esbuild bundles a small program from
// the built packages (dist/, as published), minified, and we report raw and
// gzipped bytes next to TensorFlow.js doing the same in the same run.
// tfjs-backend-wasm fetches its .wasm files at run time (not in the bundle);
// @dendrite/backend-wasm inlines its two builds, so its row includes them.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('../../..', import.meta.url).pathname;

const CASES = [
  {
    name: '{ tensor, matmul } only',
    dendrite: "import { tensor, matmul } from '@dendrite/core'; console.log(matmul(tensor([[1, 2]]), tensor([[3], [4]])));",
    tfjs: "import { tensor, matMul } from '@tensorflow/tfjs-core'; console.log(matMul(tensor([[1, 2]]), tensor([[3], [4]])));",
    // The issue's goal for this row.
    limitKB: 40,
  },
  {
    name: 'core + wasm backend + layers (an MLP trained one step)',
    dendrite: `import { randn, ready } from '@dendrite/core';
import '@dendrite/backend-wasm';
import { Adam, CrossEntropyLoss, Linear, ReLU, Sequential } from '@dendrite/layers';
await ready();
const m = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
const opt = new Adam(m.parameters());
new CrossEntropyLoss().forward(m.forward(randn([2, 4])), randn([2]).gt(0).cast('int32')).backward();
opt.step();`,
    tfjs: `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { layers, sequential } from '@tensorflow/tfjs-layers';
await tf.ready();
const m = sequential({ layers: [layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), layers.dense({ units: 2 })] });
m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
await m.fit(tf.randomNormal([2, 4]), tf.tensor([0, 1]));`,
  },
];

async function size(contents) {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bytes = r.outputFiles[0].contents;
  return { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| bundle (esbuild --minify, browser) | dendrite min | dendrite min+gz | tfjs min | tfjs min+gz | dendrite/tfjs (gz) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const c of CASES) {
  const d = await size(c.dendrite);
  const t = await size(c.tfjs);
  const note = c.limitKB ? (d.min <= c.limitKB * 1024 ? ` (goal < ${c.limitKB} KB min: met)` : ` (goal < ${c.limitKB} KB min: MISSED)`) : '';
  console.log(`| ${c.name}${note} | ${kb(d.min)} | ${kb(d.gz)} | ${kb(t.min)} | ${kb(t.gz)} | ${(d.gz / t.gz).toFixed(2)} |`);
}
// Where the bytes of the first row go (from the sources, by folder): the Tensor methods install every op on
// the prototype, and the reference backend is the default backend, so both come with any import of the core.
const r = await build({
  stdin: { contents: CASES[0].dendrite.replace('@dendrite/core', './packages/core/src/index.ts'), resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  logLevel: 'silent',
  ignoreAnnotations: true,
});
const by = {};
for (const [file, v] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) {
  const area = file.replace(/.*packages\/core\/src\//, '').split('/')[0].replace(/\.ts$/, '');
  by[area] = (by[area] ?? 0) + v.bytesInOutput;
}
console.log(`\n{ tensor, matmul } by core folder (min): ${Object.entries(by).sort((a, b) => b[1] - a[1]).filter(([, n]) => n > 500).map(([k, n]) => `${k} ${kb(n)}`).join(', ')}`);
