// The layers on the WASM backend: outputs and parameter gradients of a small
// CNN and a bidirectional LSTM equal the reference backend's (same weights,
// same inputs), and a short fit() on WASM learns.
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adam, BatchNorm2d, Conv2d, CrossEntropyLoss, Flatten, fit, Linear, LSTM, MaxPool2d, Module, ReLU, Sequential } from '../src/index.js';

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
  await d.findBackend('wasm');
});

afterAll(async () => {
  await d.setBackend('reference');
});

/** Output and parameter gradients of `loss(model(x))` on the active backend. */
function run(model: Module<[d.Tensor], d.Tensor>, x: d.Tensor): { out: Float32Array; grads: Float32Array[] } {
  model.zeroGrad();
  const out = d.tidy(() => {
    const y = model.forward(x);
    d.sum(d.square(y)).backward();
    return Float32Array.from(y.dataSync());
  });
  return { out, grads: model.parameters().map((p) => Float32Array.from(p.grad!.dataSync())) };
}

// Float32 sums in a different order: 1e-4 of the largest magnitude covers K ≤ 500-term accumulations; the
// 1e-6 floor covers vectors whose exact value is ~0 (BatchNorm cancels the conv bias's gradient), where only
// the rounding of O(1) intermediates (2^-24 · 10) remains.
function expectClose(a: Float32Array, b: Float32Array): void {
  const scale = Math.max(...Array.from(b, Math.abs));
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-4 * scale + 1e-6);
}

describe('layers on the wasm backend', () => {
  const models: [string, () => Module<[d.Tensor], d.Tensor>, number[]][] = [
    ['Conv2d + BatchNorm2d + MaxPool2d + Linear', () => new Sequential(new Conv2d(2, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(4 * 3 * 3, 5)), [3, 2, 6, 6]],
    ['bidirectional 2-layer LSTM', () => new LstmLast(), [2, 5, 3]],
  ];
  for (const [name, make, shape] of models) {
    it(`${name}: outputs and gradients match the reference backend`, async () => {
      d.seed(2);
      await d.setBackend('reference');
      const model = make();
      const x = d.randn(shape);
      const ref = run(model, x);
      await d.setBackend('wasm');
      model.to('wasm');
      const xw = x.to('wasm');
      const got = run(model, xw);
      expectClose(got.out, ref.out);
      got.grads.forEach((g, i) => expectClose(g, ref.grads[i]));
      d.dispose([x, xw]);
      for (const p of model.parameters()) p.dispose();
      await d.setBackend('reference');
    });
  }

  it('fit() learns a separable 3-class problem on wasm with flat memory', async () => {
    await d.setBackend('wasm');
    d.seed(4);
    const x = d.randn([240, 2]);
    const y = d.tidy(() => d.reshape(d.cast(d.add(d.gt(d.sliceAxis(x, 1, 0, 1), 0.5), d.gt(d.sliceAxis(x, 1, 1, 2), 0)), 'int32'), [240]));
    const model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
    const optimizer = new Adam(model.parameters(), { lr: 0.05 });
    const options = { loss: new CrossEntropyLoss(), optimizer, batchSize: 32, metrics: ['accuracy'], verbose: 0 as const };
    await fit(model, [x, y], { ...options, epochs: 2 });
    const settled = d.memory().numTensors;
    const h = await fit(model, [x, y], { ...options, epochs: 18 });
    expect(h.values.accuracy.at(-1)).toBeGreaterThan(0.9);
    expect(d.memory().numTensors).toBe(settled);
    d.dispose([x, y]);
    await d.setBackend('reference');
  });
});

class LstmLast extends Module {
  readonly lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
  forward(x: d.Tensor): d.Tensor {
    return d.tidy(() => this.lstm.forward(x)[0]);
  }
}
