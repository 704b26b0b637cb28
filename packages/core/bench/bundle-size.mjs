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
// Where the bytes of the first row go (from the sources, by folder).
async function sourceBundle(replace = {}) {
  // `replace`: core source files (relative to src/) built as the given contents instead, to measure what they cost.
  const plugin = {
    name: 'replace',
    setup(b) {
      b.onLoad({ filter: /packages\/core\/src\/.*\.ts$/ }, (args) => {
        const rel = args.path.replace(/.*packages\/core\/src\//, '');
        return rel in replace ? { contents: replace[rel], loader: 'ts' } : undefined;
      });
    },
  };
  return build({
    stdin: { contents: CASES[0].dendrite.replace('@dendrite/core', './packages/core/src/index.ts'), resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    ignoreAnnotations: true,
    plugins: [plugin],
  });
}
const r = await sourceBundle();
const by = {};
for (const [file, v] of Object.entries(Object.values(r.metafile.outputs)[0].inputs)) {
  const area = file.replace(/.*packages\/core\/src\//, '').split('/')[0].replace(/\.ts$/, '');
  by[area] = (by[area] ?? 0) + v.bytesInOutput;
}
console.log(`\n{ tensor, matmul } by core folder (min): ${Object.entries(by).sort((a, b) => b[1] - a[1]).filter(([, n]) => n > 500).map(([k, n]) => `${k} ${kb(n)}`).join(', ')}`);

// Why that row cannot reach 40 KB without breaking the API. Every Tensor carries its ~90 chainable
// methods (x.add(y), loss.backward(), x.conv2d(w)) on the prototype, so a program that creates any
// tensor must ship every op those methods call: a bundler cannot see which methods a program calls,
// and methods are synchronous, so they cannot be fetched later. Ops also run synchronously on the
// reference backend when no other backend was selected (no `await ready()` needed), so it ships too.
// Measured by building the same program with those parts left out (which breaks the API):
const NO_METHODS = { 'tensor/methods.ts': '', 'tensor/methods-nn.ts': '', 'tensor/methods-movement.ts': '' };
const NO_REFERENCE = { 'reference/index.ts': 'export function createReferenceBackend() { throw new Error("left out"); }' };
const NO_REFERENCE_FUSED = {
  'reference/conv.ts': 'export const conv2dKernel = 0, conv2dBackpropInputKernel = 0, conv2dBackpropFilterKernel = 0;',
  'reference/pool.ts': 'export const avgPool2dBackwardKernel = 0, avgPool2dKernel = 0, maxPool2dBackwardKernel = 0, maxPool2dKernel = 0;',
  'reference/norm.ts': 'export const batchNormKernel = 0, layerNormKernel = 0;',
  'reference/grid-sample.ts': 'export const gridSampleKernel = 0;',
  'reference/softmax.ts': 'export const logSoftmaxKernel = 0, softmaxKernel = 0;',
};
const minOf = async (replace) => (await sourceBundle(replace)).outputFiles[0].contents.length;
const all = r.outputFiles[0].contents.length;
const rows = [
  ['without the Tensor methods', await minOf(NO_METHODS)],
  ['without the reference backend', await minOf(NO_REFERENCE)],
  ["without the reference backend's fused kernels (conv, pool, norm, softmax, grid sample)", await minOf(NO_REFERENCE_FUSED)],
  ['without both the methods and the reference backend', await minOf({ ...NO_METHODS, ...NO_REFERENCE })],
];
console.log(`{ tensor, matmul } from the sources: ${kb(all)} min; what each part costs (min):`);
for (const [what, n] of rows) console.log(`  ${what}: ${kb(n)} (-${kb(all - n)})`);
