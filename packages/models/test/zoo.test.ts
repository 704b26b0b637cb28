import { describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import { Linear } from '@dendrite/layers';
import { freezeBackbone, LeNet5, lenet5, LogisticRegression, MLP, mlp, Perceptron, replaceHead, ZOO, zooEntry } from '../src/index.js';

describe('model zoo', () => {
  it('LeNet-5 has the published 61,706 parameters in both variants and the right output shapes', () => {
    const before = d.memory().numTensors;
    const modern = lenet5();
    const classic = lenet5({ variant: 'classic' });
    // C1 156 + C3 (full table) 2,416 + C5 48,120 + F6 10,164 + output 850
    expect(modern.numParameters()).toBe(61706);
    expect(classic.numParameters()).toBe(61706);
    d.tidy(() => {
      expect(modern.forward(d.zeros([2, 1, 28, 28])).shape).toEqual([2, 10]);
      expect(classic.forward(d.zeros([2, 1, 32, 32])).shape).toEqual([2, 10]);
      expect(classic.forward(d.zeros([2, 1, 28, 28])).shape).toEqual([2, 10]);
    });
    const table = modern.summary([1, 1, 28, 28]);
    expect(table).toContain('61,706');
    expect(table).toMatch(/\[1, 6, 28, 28\]/);
    for (const m of [modern, classic]) for (const p of m.parameters()) p.dispose();
    expect(d.memory().numTensors).toBe(before);
  });

  it('MLP 784-256-10 and logistic regression have the expected sizes', () => {
    const net = mlp({ inFeatures: 784, hidden: [256], outFeatures: 10 });
    expect(net.numParameters()).toBe(784 * 256 + 256 + 256 * 10 + 10);
    const deep = new MLP({ inFeatures: 4, hidden: [8, 8], outFeatures: 3, activation: 'tanh', dropout: 0.1 });
    expect(deep.namedParameters().map(([n]) => n)).toEqual(['body.0.weight', 'body.0.bias', 'body.3.weight', 'body.3.bias', 'head.weight', 'head.bias']);
    const lr = new LogisticRegression({ inFeatures: 784, numClasses: 10 });
    expect(lr.numParameters()).toBe(7850);
    d.tidy(() => {
      const p = lr.predictProba(d.randn([3, 1, 28, 28]));
      expect(p.shape).toEqual([3, 10]);
      expect(Array.from(d.sum(p, 1).dataSync()).every((v) => Math.abs(v - 1) < 1e-5)).toBe(true);
    });
    expect(() => new MLP({ inFeatures: 4, hidden: [8], outFeatures: 1, activation: 'swish' as never })).toThrow(/activation/);
  });

  it("Rosenblatt's rule separates a linearly separable set and stops", () => {
    d.seed(7);
    const x = d.randn([200, 2]);
    const xs = x.dataSync();
    // Labels from the line x0 + 2 x1 > 0.3, keeping a margin so the theorem's bound is small.
    const labels = new Float32Array(200);
    for (let i = 0; i < 200; i++) labels[i] = xs[2 * i] + 2 * xs[2 * i + 1] > 0.3 ? 1 : 0;
    const y = d.tensor(labels);
    const p = new Perceptron({ inFeatures: 2 });
    const h = p.learn(x, y, { epochs: 1000 });
    expect(h.converged).toBe(true);
    expect(h.errors[0]).toBeGreaterThan(0);
    const pred = p.forward(x);
    expect(Array.from(pred.dataSync())).toEqual(Array.from(labels));
    d.dispose([x, y, pred]);
    expect(() => p.learn(d.zeros([2, 3]), d.zeros([2]))).toThrow(/expects x/);
  });

  it('the registry names every model and rejects unknown ones', () => {
    expect(Object.keys(ZOO)).toEqual(expect.arrayContaining(['lenet5', 'lenet5-classic', 'mlp', 'logistic', 'perceptron']));
    expect(() => zooEntry('resnet999')).toThrow(/unknown model 'resnet999'.*lenet5/);
  });

  it('replaceHead and freezeBackbone set up transfer learning', () => {
    const before = d.memory().numTensors;
    const net = new LeNet5();
    replaceHead(net, new Linear(84, 5));
    const trainable = freezeBackbone(net);
    expect(trainable.map((p) => p.shape)).toEqual([[5, 84], [5]]);
    expect(net.numParameters(true)).toBe(84 * 5 + 5);
    d.tidy(() => expect(net.forward(d.zeros([1, 1, 28, 28])).shape).toEqual([1, 5]));
    for (const p of net.parameters()) p.dispose();
    expect(d.memory().numTensors).toBe(before);
  });
});
