import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { loadMnistArrays, type MnistSplits } from '@dendrite/data';
import { Adam, CrossEntropyLoss, evaluate, fit, Linear } from '@dendrite/layers';
import { freezeBackbone, LeNet5, lenet5, mlp, replaceHead } from '../src/index.js';

// These tests run real MNIST through LeNet-5, so they use the fast WASM backend.
let mnist: MnistSplits;

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.setBackend('wasm');
  mnist = await loadMnistArrays();
});

afterAll(async () => {
  await d.setBackend('reference');
});

/** Images (normalized as in training) and labels of the chosen indices. */
function batchOf(split: MnistSplits['train'], indices: number[], labelOffset = 0): [d.Tensor, d.Tensor] {
  const px = split.rows * split.cols;
  const x = new Float32Array(indices.length * px);
  const y = new Int32Array(indices.length);
  indices.forEach((idx, j) => {
    for (let k = 0; k < px; k++) x[j * px + k] = (split.images[idx * px + k] / 255 - 0.1307) / 0.3081;
    y[j] = split.labels[idx] - labelOffset;
  });
  return [d.tensor(x, [indices.length, 1, split.rows, split.cols]), d.tensor(y, [indices.length], 'int32')];
}

function indicesWhere(split: MnistSplits['train'], keep: (label: number) => boolean, limit = Infinity): number[] {
  const out: number[] = [];
  for (let i = 0; i < split.labels.length && out.length < limit; i++) if (keep(split.labels[i])) out.push(i);
  return out;
}

async function accuracyOf(model: LeNet5, x: d.Tensor, y: d.Tensor): Promise<number> {
  const r = await evaluate(model, [x, y], { metrics: ['accuracy'], batchSize: 1000 });
  return r.accuracy;
}

describe('pretrained weights', () => {
  it('the shipped LeNet-5 reaches at least 99.0% on the 10,000 MNIST test images', async () => {
    const net = await lenet5({ pretrained: true });
    const [x, y] = batchOf(mnist.test, indicesWhere(mnist.test, () => true));
    const acc = await accuracyOf(net, x, y);
    console.info(`pretrained LeNet-5 test accuracy: ${(acc * 100).toFixed(2)}%`);
    expect(acc).toBeGreaterThanOrEqual(0.99);
    d.dispose([x, y, net.parameters().map((p) => p.value)]);
  });

  it('the shipped MLP 784-256-10 reaches at least 97.5%', async () => {
    const net = await mlp({ pretrained: true });
    const [x, y] = batchOf(mnist.test, indicesWhere(mnist.test, () => true));
    const r = await evaluate(net, [x, y], { metrics: ['accuracy'], batchSize: 1000 });
    console.info(`pretrained MLP test accuracy: ${(r.accuracy * 100).toFixed(2)}%`);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.975);
    d.dispose([x, y]);
    for (const p of net.parameters()) p.dispose();
  });
});

describe('transfer learning', () => {
  it('a LeNet-5 trained on digits 0-4, with a new head fine-tuned on 50 images per class of 5-9, beats training from scratch on those 250 images', async () => {
    d.seed(11);
    // 1. Backbone: LeNet-5 on 24,000 images of digits 0-4, one epoch.
    const [xa, ya] = batchOf(mnist.train, indicesWhere(mnist.train, (l) => l < 5, 24000));
    const backbone = new LeNet5({ numClasses: 5 });
    await fit(backbone, [xa, ya], { loss: new CrossEntropyLoss(), optimizer: new Adam(backbone.parameters(), { lr: 3e-3 }), epochs: 1, batchSize: 128, verbose: 0 });
    d.dispose([xa, ya]);

    // 2. 50 labelled images per class of 5-9, and all 5-9 test images.
    const few: number[] = [];
    for (let c = 5; c <= 9; c++) few.push(...indicesWhere(mnist.train, (l) => l === c, 50));
    const [xf, yf] = batchOf(mnist.train, few, 5);
    const [xt, yt] = batchOf(mnist.test, indicesWhere(mnist.test, (l) => l >= 5), 5);

    // 3a. Transfer: keep the features, replace and train the head (plus the 120→84 stage).
    replaceHead(backbone, new Linear(84, 5));
    freezeBackbone(backbone);
    backbone.hidden.unfreeze();
    const trainable = backbone.parameters().filter((p) => p.requiresGrad);
    await fit(backbone, [xf, yf], { loss: new CrossEntropyLoss(), optimizer: new Adam(trainable, { lr: 3e-3 }), epochs: 30, batchSize: 50, verbose: 0 });
    const transfer = await accuracyOf(backbone, xt, yt);

    // 3b. The same network from scratch on the same 250 images, same budget.
    d.seed(11);
    const scratch = new LeNet5({ numClasses: 5 });
    await fit(scratch, [xf, yf], { loss: new CrossEntropyLoss(), optimizer: new Adam(scratch.parameters(), { lr: 3e-3 }), epochs: 30, batchSize: 50, verbose: 0 });
    const fromScratch = await accuracyOf(scratch, xt, yt);
    console.info(`digits 5-9 test accuracy with 250 labels: transfer ${(transfer * 100).toFixed(2)}%, from scratch ${(fromScratch * 100).toFixed(2)}%`);
    expect(transfer).toBeGreaterThan(fromScratch);
    d.dispose([xf, yf, xt, yt]);
    for (const m of [backbone, scratch]) for (const p of m.parameters()) p.dispose();
  });
});
