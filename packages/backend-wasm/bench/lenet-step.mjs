// LeNet-5 training-step benchmark on the wasm backend: the zoo's 'modern'
// LeNet-5, batch 64, SGD with momentum, cross-entropy; forward, backward and
// update of one step, median of 40 after 20 warm-up steps, with 1 and 2
// threads, plus where the kernel time goes.
//
//   node bench/lenet-step.mjs [--batch 64]
//
// Sources are bundled on the fly with esbuild (no build step); the bench
// only reads the other packages, the backend does not depend on them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { build } from 'esbuild';

// Node 20 runs relaxed SIMD (FMA) only behind this flag; Node 22+ has it on.
setFlagsFromString('--experimental-wasm-relaxed-simd');

const { values: opts } = parseArgs({ options: { batch: { type: 'string', default: '64' } } });
const pkg = (name) => fileURLToPath(new URL(`../../${name}/src/index.ts`, import.meta.url));

const entrySource = `
import * as core from ${JSON.stringify(pkg('core'))};
import { createWasmBackend } from ${JSON.stringify(pkg('backend-wasm'))};
import { CrossEntropyLoss, SGD } from ${JSON.stringify(pkg('layers'))};
import { LeNet5 } from ${JSON.stringify(pkg('models'))};

/** Wraps every kernel of the backend with a timer (ms summed per kernel name). */
function timeKernels(backend, times) {
  for (const name of Object.keys(backend.kernels)) {
    const fn = backend.kernels[name];
    backend.kernels[name] = (...args) => {
      const t0 = performance.now();
      fn(...args);
      times[name] = (times[name] ?? 0) + performance.now() - t0;
    };
  }
  return backend;
}

export async function run(threads, batch, steps) {
  const times = {};
  core.registerBackend('wasm-bench-' + threads, async () => timeKernels(await createWasmBackend({ threads }), times), { priority: 0 });
  await core.setBackend('wasm-bench-' + threads);
  const net = new LeNet5({ variant: 'modern' });
  const opt = new SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
  const lossFn = new CrossEntropyLoss();
  const x = core.randn([batch, 1, 28, 28]);
  const y = core.tensor(Array.from({ length: batch }, (_, i) => i % 10), [batch], 'int32');
  const step = () => core.tidy(() => {
    opt.zeroGrad();
    const loss = lossFn.forward(net.forward(x), y);
    loss.backward();
    opt.step();
    return loss.dataSync()[0];
  });
  for (let i = 0; i < 20; i++) step();
  for (const k of Object.keys(times)) delete times[k];
  const ms = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[ms.length >> 1], best: ms[0], times };
}
`;

const dir = mkdtempSync(join(tmpdir(), 'dendrite-lenet-'));
writeFileSync(join(dir, 'entry.ts'), entrySource);
const out = join(dir, 'bundle.mjs');
await build({
  entryPoints: [join(dir, 'entry.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  alias: { '@dendrite/core': pkg('core'), '@dendrite/layers': pkg('layers'), '@dendrite/data': pkg('data') },
  // The packages declare sideEffects: false, but core attaches Tensor methods by side-effect imports.
  ignoreAnnotations: true,
  logLevel: 'error',
});
const { run } = await import(pathToFileURL(out).href);

const batch = Number(opts.batch);
const steps = 40;
for (const threads of [1, 2]) {
  const r = await run(threads, batch, steps);
  const total = Object.values(r.times).reduce((a, b) => a + b, 0);
  const top = Object.entries(r.times).sort((a, b) => b[1] - a[1]).slice(0, 8)
    .map(([k, v]) => `${k} ${(v / steps).toFixed(2)}`).join(', ');
  console.log(`LeNet-5 (modern) training step, batch ${batch}, ${threads} thread${threads > 1 ? 's' : ''}: median ${r.median.toFixed(2)} ms (best ${r.best.toFixed(2)})`);
  console.log(`  kernels ${(total / steps).toFixed(2)} ms/step: ${top}`);
}
process.exit(0);
