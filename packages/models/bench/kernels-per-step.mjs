// Kernels per training step: counts the backend kernel calls of one step
// (forward, softmax cross-entropy, backward, optimizer update) of an MLP
// 784-128-10 at batch 128 and of LeNet-5 at batch 64 on wasm (1 thread),
// with SGD (momentum 0.9) and with Adam, and prints them by kernel name.
// Counts are deterministic, so unlike timings they compare across machines
// and loads. Uses the built packages.
import { setFlagsFromString } from 'node:v8';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { Adam, CrossEntropyLoss, Linear, ReLU, SGD, Sequential } from '@dendrite/layers';
import { LeNet5 } from '@dendrite/models';

setFlagsFromString('--experimental-wasm-relaxed-simd');
d.registerBackend('wasm-count', () => createWasmBackend({ threads: 1 }), { priority: 10 });
await d.setBackend('wasm-count');

// Wrap every kernel of the table with a counter (the table is a plain object).
const counts = new Map();
let counting = false;
const table = d.getBackend().kernels;
for (const name of Object.keys(table)) {
  const kernel = table[name];
  table[name] = (...args) => {
    if (counting) counts.set(name, (counts.get(name) ?? 0) + 1);
    return kernel(...args);
  };
}

function countStep(model, batch, inputShape, optimizer) {
  d.seed(1);
  const x = d.randn([batch, ...inputShape]);
  const y = d.randint(0, 10, [batch]);
  const opt = optimizer === 'adam' ? new Adam(model.parameters(), { lr: 1e-3 }) : new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const loss = new CrossEntropyLoss();
  const step = () => {
    opt.zeroGrad();
    d.tidy(() => {
      const l = loss.forward(model.forward(x), y);
      l.backward();
      opt.step();
      l.dataSync();
    });
  };
  // Two steps first: the first step of a fresh optimizer creates its state.
  step();
  step();
  counts.clear();
  counting = true;
  step();
  counting = false;
  d.dispose([x, y]);
  opt.dispose();
  return new Map(counts);
}

console.log('Kernels per training step (wasm, third step):');
for (const optimizer of ['sgd', 'adam']) {
  for (const [name, make, batch, shape] of [
    ['MLP 784-128-10, batch 128', () => new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)), 128, [784]],
    ['LeNet-5, batch 64', () => new LeNet5(), 64, [1, 28, 28]],
  ]) {
    const c = countStep(make(), batch, shape, optimizer);
    const total = [...c.values()].reduce((a, b) => a + b, 0);
    const detail = [...c].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`${`${name}, ${optimizer === 'adam' ? 'Adam' : 'SGD momentum'}`.padEnd(42)} ${String(total).padStart(4)}  (${detail})`);
  }
}
