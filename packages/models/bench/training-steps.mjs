// Training-step benchmark: one step (forward, softmax cross-entropy,
// backward, SGD update) of an MLP 784-128-10 at batch 128 and of LeNet-5 at
// batch 64, Dendrite on wasm against TensorFlow.js 4.22 in the same process
// (tfjs-backend-wasm for the MLP; tfjs-backend-cpu for LeNet-5, since
// tfjs-backend-wasm has no Conv2DBackpropFilter kernel and cannot train a
// CNN), and against PyTorch (python3-torch, same shapes, same update, same
// thread count; bench/torch_steps.py) in the same run; plus the per-op
// dispatch overhead (ns for `add` of two 4-element tensors, result freed).
// Medians of 30 steps after 10 warm-up steps (5 after 2 for the slow
// tfjs-cpu LeNet-5). Uses the built packages
// (`npm run bench` builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { CrossEntropyLoss, Linear, ReLU, SGD, Sequential } from '@dendrite/layers';
import { LeNet5 } from '@dendrite/models';
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

setFlagsFromString('--experimental-wasm-relaxed-simd');
const WARMUP = 10;
const RUNS = 30;

async function timeSteps(step, warmup = WARMUP, runs = RUNS) {
  for (let i = 0; i < warmup; i++) await step();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await step();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

function dendriteStep(model, batch, inputShape, classes) {
  d.seed(1);
  const x = d.randn([batch, ...inputShape]);
  const y = d.randint(0, classes, [batch]);
  const opt = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const loss = new CrossEntropyLoss();
  return () => {
    opt.zeroGrad();
    d.tidy(() => {
      const l = loss.forward(model.forward(x), y);
      l.backward();
      opt.step();
      l.dataSync();
    });
  };
}

function tfjsStep(build, batch, inputShape, classes) {
  const vars = [];
  const param = (shape, fanIn) => {
    const v = tf.variable(tf.randomNormal(shape, 0, 1 / Math.sqrt(fanIn)));
    vars.push(v);
    return v;
  };
  const forward = build(param);
  const x = tf.randomNormal([batch, ...inputShape]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32'), classes);
  const opt = tf.train.momentum(0.01, 0.9);
  return async () => {
    const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)), true, vars);
    await cost.data();
    cost.dispose();
  };
}

const tfMlp = (param) => {
  const w1 = param([784, 128], 784), b1 = param([128], 784), w2 = param([128, 10], 128), b2 = param([10], 128);
  return (x) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
};
const tfLenet = (param) => {
  const c1 = param([5, 5, 1, 6], 25), cb1 = param([6], 25), c2 = param([5, 5, 6, 16], 150), cb2 = param([16], 150);
  const f1 = param([400, 120], 400), fb1 = param([120], 400), f2 = param([120, 84], 120), fb2 = param([84], 120), f3 = param([84, 10], 84), fb3 = param([10], 84);
  return (x) => {
    let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, c1, 1, 'same'), cb1)), 2, 2, 'valid');
    h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, c2, 1, 'valid'), cb2)), 2, 2, 'valid');
    h = tf.reshape(h, [h.shape[0], 400]);
    h = tf.relu(tf.add(tf.matMul(h, f1), fb1));
    h = tf.relu(tf.add(tf.matMul(h, f2), fb2));
    return tf.add(tf.matMul(h, f3), fb3);
  };
};

d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
await d.setBackend('wasm');
const rows = [];
const mlp = new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10));
const dMlp = await timeSteps(dendriteStep(mlp, 128, [784], 10));
await tf.setBackend('wasm');
const tMlp = await timeSteps(tfjsStep(tfMlp, 128, [784], 10));
rows.push(['MLP 784-128-10 step, batch 128', dMlp, tMlp, 'tfjs-wasm']);
const lenet = new LeNet5();
const dLenet = await timeSteps(dendriteStep(lenet, 64, [1, 28, 28], 10));
await tf.setBackend('cpu');
// tfjs-cpu takes about 5 s per LeNet-5 step: 2 warm-up and 5 timed steps keep the bench short.
const tLenet = await timeSteps(tfjsStep(tfLenet, 64, [28, 28, 1], 10), 2, 5);
rows.push(['LeNet-5 step, batch 64', dLenet, tLenet, 'tfjs-cpu (tfjs-wasm cannot train CNNs)']);

// PyTorch on the same cores, when python3 with torch is installed (Debian: python3-torch).
const python = ['/usr/bin/python3', 'python3'].find((p) => !p.startsWith('/') || existsSync(p));
const torchRun = spawnSync(python, [fileURLToPath(new URL('./torch_steps.py', import.meta.url)), String(d.getBackend().capabilities.description?.match(/(\d+) thread/)?.[1] ?? 1)], { encoding: 'utf8' });
let torch = null;
try {
  torch = JSON.parse(torchRun.stdout.trim().split('\n').pop());
} catch {
  console.log(`PyTorch column skipped: ${(torchRun.stderr || torchRun.error?.message || 'python3 with torch not found').trim().split('\n').pop()}`);
}

// Per-op dispatch: ns for one add of two 4-element tensors (kernel time is negligible) inside tidy,
// as in a training step, median of 3 runs.
const tiny = [d.tensor([1, 2, 3, 4]), d.tensor([1, 2, 3, 4])];
const addNs = [];
for (let r = 0; r < 3; r++) {
  const n = 20000;
  const t0 = performance.now();
  d.tidy(() => {
    for (let i = 0; i < n; i++) d.add(tiny[0], tiny[1]).dispose();
  });
  addNs.push(((performance.now() - t0) / n) * 1e6);
}
d.dispose(tiny);

console.log(`Training steps: Dendrite ${d.getBackend().capabilities.description} vs TensorFlow.js ${tf.version.tfjs}; medians of ${RUNS} after ${WARMUP} warm-up steps (tfjs-cpu LeNet-5: 5 after 2)`);
console.log(`${'case'.padEnd(34)} ${'Dendrite ms'.padStart(12)} ${'tfjs ms'.padStart(10)} ${'speed-up'.padStart(9)}  peer`);
for (const [name, a, b, peer] of rows) {
  console.log(`${name.padEnd(34)} ${a.toFixed(2).padStart(12)} ${b.toFixed(2).padStart(10)} ${`${(b / a).toFixed(2)}x`.padStart(9)}  ${peer}`);
}
if (torch) {
  console.log(`\nAgainst PyTorch ${torch.torch} (CPU, same thread count), same run:`);
  console.log(`${'case'.padEnd(34)} ${'Dendrite'.padStart(12)} ${'PyTorch'.padStart(10)} ${'ratio'.padStart(9)}`);
  const torchRows = [
    ['MLP 784-128-10 step, batch 128 (ms)', dMlp, torch.mlp_ms],
    ['LeNet-5 step, batch 64 (ms)', dLenet, torch.lenet_ms],
    ['add of 4-element tensors (ns/op)', median(addNs), torch.add_ns],
  ];
  for (const [name, a, b] of torchRows) console.log(`${name.padEnd(34)} ${a.toFixed(2).padStart(12)} ${b.toFixed(2).padStart(10)} ${`${(a / b).toFixed(2)}x`.padStart(9)}`);
} else {
  console.log(`\nPer-op dispatch (add of 4-element tensors): ${median(addNs).toFixed(0)} ns/op`);
}
