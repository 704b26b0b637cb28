// Learning tests: small problems whose outcome proves the whole stack
// (layers, autograd, losses, optimizers, fit) actually learns.
import { add, cast, Generator, gt, memory, mul, rand, randn, seed, square, sub, sum, type Tensor, tensor, tidy } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { Adam, BCEWithLogitsLoss, binaryAccuracy, Conv2d, CrossEntropyLoss, evaluate, fit, Flatten, Linear, LSTM, MaxPool2d, Module, MSELoss, ReLU, SGD, Sequential, Tanh } from '../src/index.js';

const quiet = { verbose: 0 as const };

describe('learning', () => {
  it('logistic regression separates a linearly separable set', async () => {
    seed(3);
    const x = rand([200, 2], { low: -1, high: 1 });
    // Label by a line, then push points away from it (margin 0.1).
    const w = tensor([[1.5], [-2]]);
    const score = x.matmul(w).add(0.3);
    const y = cast(gt(score, 0), 'float32');
    const xs = tidy(() => add(x, mul(mul(sub(y, 0.5), 0.4), tensor([[1.5, -2]]).div(2.5))));
    const model = new Linear(2, 1);
    const accuracyOfLogits = { name: 'acc', fn: binaryAccuracy(0) };
    const before = await evaluate(model, [xs, y], { metrics: [accuracyOfLogits] });
    await fit(model, [xs, y], { loss: new BCEWithLogitsLoss(), optimizer: new SGD(model.parameters(), { lr: 0.5 }), epochs: 40, batchSize: 50, ...quiet });
    const r = await evaluate(model, [xs, y], { metrics: [accuracyOfLogits] });
    expect(before.acc).toBeLessThan(1);
    expect(r.acc).toBe(1);
    for (const t of [x, w, score, y, xs]) t.dispose();
    model.dispose();
  });

  it('a 2-layer MLP solves XOR', async () => {
    seed(7);
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = tensor([[0], [1], [1], [0]]);
    const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
    const h = await fit(model, [x, y], { loss: new BCEWithLogitsLoss(), optimizer: new Adam(model.parameters(), { lr: 0.05 }), epochs: 300, batchSize: 4, shuffle: false, ...quiet });
    expect(h.values.loss[299]).toBeLessThan(0.05);
    const out = model.forward(x);
    expect(Array.from(await out.data()).map((v) => (v > 0 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    for (const t of [x, y, out]) t.dispose();
    model.dispose();
  });

  it('a 2-hidden-layer MLP fits the Rosenbrock surface better than a 1-hidden-layer one with as many parameters', async () => {
    seed(11);
    // z = 100 (y - x²)² + (1 - x)² on [-1.5, 1.5] × [-0.5, 2], standardized.
    const n = 400;
    const px = rand([n, 1], { low: -1.5, high: 1.5 });
    const py = rand([n, 1], { low: -0.5, high: 2 });
    const inputs = tidy(() => add(mul(px, tensor([[1, 0]])), mul(py, tensor([[0, 1]]))));
    const z = tidy(() => add(mul(square(sub(py, square(px))), 100), square(sub(1, px))));
    const zData = Float64Array.from(await z.data());
    const m = zData.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(zData.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    const target = tidy(() => z.sub(m).div(sd));
    // Parameter counts: deep 2·10+10 + 10·10+10 + 10+1 = 151; shallow 2·38+38 + 38+1 = 153.
    const deep = new Sequential(new Linear(2, 10), new Tanh(), new Linear(10, 10), new Tanh(), new Linear(10, 1));
    const shallow = new Sequential(new Linear(2, 38), new Tanh(), new Linear(38, 1));
    expect(deep.numParameters()).toBe(151);
    expect(shallow.numParameters()).toBe(153);
    const train = async (model: Sequential) => {
      await fit(model, [inputs, target], { loss: new MSELoss(), optimizer: new Adam(model.parameters(), { lr: 0.01 }), epochs: 150, batchSize: 50, generator: new Generator(5), ...quiet });
      return (await evaluate(model, [inputs, target], { loss: new MSELoss() })).loss;
    };
    const deepLoss = await train(deep);
    const shallowLoss = await train(shallow);
    console.log(`Rosenbrock standardized MSE: 2 hidden layers ${deepLoss.toFixed(4)}, 1 hidden layer ${shallowLoss.toFixed(4)}`);
    expect(deepLoss).toBeLessThan(shallowLoss);
    expect(deepLoss).toBeLessThan(0.05);
    for (const t of [px, py, inputs, z, target]) t.dispose();
    deep.dispose();
    shallow.dispose();
  });

  it('an LSTM learns the majority bit of a sequence well beyond chance', async () => {
    seed(5);
    class Majority extends Module {
      lstm = new LSTM(1, 12, { batchFirst: true });
      head = new Linear(12, 1);
      forward(x: Tensor): Tensor {
        return tidy(() => {
          const [, [h]] = this.lstm.forward(x);
          return this.head.forward(h.reshape([x.shape[0], 12]));
        });
      }
    }
    const make = (count: number) =>
      tidy(() => {
        const bits = cast(gt(rand([count, 7, 1]), 0.5), 'float32');
        const y = cast(gt(sum(bits, [1, 2]), 3.5), 'float32').reshape([count, 1]);
        return [bits.mul(2).sub(1), y] as [Tensor, Tensor];
      });
    const [x, y] = make(256);
    const [xt, yt] = make(128);
    const model = new Majority();
    const acc = { name: 'acc', fn: binaryAccuracy(0) };
    await fit(model, [x, y], { loss: new BCEWithLogitsLoss(), optimizer: new Adam(model.parameters(), { lr: 0.02 }), epochs: 25, batchSize: 32, ...quiet });
    const r = await evaluate(model, [xt, yt], { metrics: [acc] });
    // Chance is about 0.5 (the classes are balanced by symmetry).
    expect(r.acc).toBeGreaterThan(0.9);
    for (const t of [x, y, xt, yt]) t.dispose();
    model.dispose();
  });

  it('a tiny CNN overfits a small batch to ~zero loss', async () => {
    seed(9);
    const x = randn([8, 1, 8, 8]);
    const y = tensor([0, 1, 2, 3, 0, 1, 2, 3], undefined, 'int32');
    const model = new Sequential(new Conv2d(1, 6, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(6 * 16, 4));
    const h = await fit(model, [x, y], { loss: new CrossEntropyLoss(), optimizer: new Adam(model.parameters(), { lr: 0.02 }), epochs: 120, batchSize: 8, metrics: ['accuracy'], ...quiet });
    expect(h.values.loss.at(-1)).toBeLessThan(0.01);
    expect(h.values.accuracy.at(-1)).toBe(1);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('memory stays flat across a 500-step fit()', async () => {
    seed(1);
    const x = randn([100, 4]);
    const y = randn([100, 1]);
    const before = memory().numTensors;
    const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const counts: number[] = [];
    await fit(model, [x, y], {
      loss: new MSELoss(),
      optimizer,
      epochs: 50,
      batchSize: 10,
      metrics: ['mae'],
      validationData: [x, y],
      callbacks: [{ onBatchEnd: () => void counts.push(memory().numTensors) }],
      ...quiet,
    });
    expect(counts.length).toBe(500);
    // After the first step Adam's moments exist; from then on the count is constant.
    expect(new Set(counts.slice(1)).size).toBe(1);
    optimizer.dispose();
    model.dispose();
    expect(memory().numTensors).toBe(before);
    x.dispose();
    y.dispose();
  });
});
