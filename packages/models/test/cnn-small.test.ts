// The small configurations the CLI trains on 28x28 digits: they run forward
// and backward on wasm and learn a fixed batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { Adam, CrossEntropyLoss, type Module } from '@dendrite/layers';
import { GoogLeNet, PadShortcut, ZOO, zooEntry } from '../src/index.js';

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.setBackend('wasm');
});
afterAll(async () => {
  await d.setBackend('reference');
});

function release(m: Module): void {
  for (const p of m.parameters()) p.dispose();
  for (const [, b] of m.namedBuffers()) b.dispose();
}

describe('small CNN configurations', () => {
  for (const name of ['alexnet-small', 'vgg11-small', 'resnet20']) {
    it(`${name} maps [8, 1, 28, 28] to 10 logits and fits a fixed batch of noise in 40 Adam steps`, () => {
      d.seed(1);
      const before = d.memory().numTensors;
      const entry = zooEntry(name);
      // Without dropout, so 8 samples are memorized in a few steps whatever the draw.
      const model = entry.create(entry.adapt ? entry.adapt([1, 28, 28], 10) : { dropout: 0 });
      const x = d.randn([8, 1, 28, 28]);
      const y = d.tensor(new Int32Array([0, 1, 2, 3, 4, 5, 6, 7]), [8], 'int32');
      const loss = new CrossEntropyLoss();
      const opt = new Adam(model.parameters(), { lr: 1e-3 });
      const losses: number[] = [];
      for (let step = 0; step < 40; step++) {
        opt.zeroGrad();
        const l = d.tidy(() => loss.forward(model.forward(x), y));
        l.backward();
        opt.step();
        losses.push(l.dataSync()[0]);
        l.dispose();
      }
      // AlexNet (PyTorch's default init, no batch norm) starts slowly on noise: judge the best of the last 5 steps.
      expect(Math.min(...losses.slice(-5))).toBeLessThan(losses[0] * 0.7);
      opt.zeroGrad();
      const params = model.parameters().length;
      d.dispose([x, y]);
      release(model);
      expect(ZOO[name]).toBe(entry);
      // What remains is Adam's two moment tensors per parameter (the optimizer is dropped with them).
      expect(d.memory().numTensors).toBeLessThanOrEqual(before + 2 * params);
    });
  }

  it("option-A shortcut is x[:, :, ::2, ::2] with the new channels zero on both sides", async () => {
    const x = d.randn([2, 4, 5, 5]);
    const out = new PadShortcut(4, 8, 2).forward(x);
    expect(out.shape).toEqual([2, 8, 3, 3]);
    const xs = (await x.data()) as Float32Array;
    const os = (await out.data()) as Float32Array;
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 8; c++)
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 3; j++) {
            const expected = c < 2 || c >= 6 ? 0 : xs[((n * 4 + c - 2) * 5 + 2 * i) * 5 + 2 * j];
            expect(os[((n * 8 + c) * 3 + i) * 3 + j]).toBe(expected);
          }
    d.dispose([x, out]);
  });

  it('googlenet.auxLoss adds 0.3 of each auxiliary loss in training mode', () => {
    d.seed(2);
    const net = new GoogLeNet({ width: 1 / 16, numClasses: 4 });
    const x = d.randn([2, 3, 64, 64]);
    const y = d.tensor(new Int32Array([1, 3]), [2], 'int32');
    const ce = new CrossEntropyLoss();
    const out = net.forwardWithAux(x);
    const total = net.auxLoss(out, (logits) => ce.forward(logits, y));
    const parts = [out.logits, out.aux1!, out.aux2!].map((t) => ce.forward(t, y).dataSync()[0]);
    expect(total.dataSync()[0]).toBeCloseTo(parts[0] + 0.3 * (parts[1] + parts[2]), 5);
    d.dispose([x, y, total, out.logits, out.aux1!, out.aux2!]);
    release(net);
  });
});
