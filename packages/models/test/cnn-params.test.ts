import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '@dendrite/core';
import type { Module } from '@dendrite/layers';
import { GoogLeNet, ZOO } from '../src/index.js';
import { CNN_COUNTS } from './cnn-counts.js';
import { registerShapeOnlyBackend } from '../src/cli/shape-only-backend.js';

// Full-size models on a backend that stores nothing: counts and shapes are exact, and no 500 MB of weights is drawn.
describe('CNN zoo at full size: exact parameter counts and output shapes', () => {
  let previous = '';
  beforeAll(async () => {
    previous = d.getBackend().name;
    registerShapeOnlyBackend();
    await d.setBackend('shape-only');
  });
  afterAll(async () => {
    await d.setBackend(previous);
  });

  // Module.dispose(), not the parameters alone: eval-mode inference caches BatchNorm-folded conv weights.
  function release(m: Module): void {
    m.dispose();
  }

  for (const [name, count] of Object.entries(CNN_COUNTS)) {
    it(`${name} has ${count.toLocaleString('en-US')} parameters and maps its input to 1000 (or 10) logits`, () => {
      const before = d.memory().numTensors;
      const entry = ZOO[name];
      const m = entry.create(name === 'googlenet' ? { auxLogits: false } : {});
      expect(m.numParameters()).toBe(count);
      m.eval();
      const shape = d.noGrad(() => d.tidy(() => m.forward(d.zeros([2, ...entry.inputShape])).shape));
      expect(shape).toEqual([2, name.match(/^resnet(20|32|44|56)$/) ? 10 : 1000]);
      release(m);
      expect(d.memory().numTensors).toBe(before);
    });
  }

  it('summary() without arguments uses the declared input shape', () => {
    const m = ZOO.resnet18.create();
    const text = m.summary(undefined, { print: false });
    expect(text.split('\n')[0]).toBe('ResNet (input [1, 3, 224, 224] -> output [1, 1000])');
    expect(text).toContain('Total mult-adds (G): 1.81');
    m.dispose();
  });

  it('googlenet with its auxiliary heads has 13,004,888 parameters; they run in training mode only', () => {
    const before = d.memory().numTensors;
    const m = new GoogLeNet();
    expect(m.numParameters()).toBe(13_004_888);
    const x = d.zeros([2, 3, 224, 224]);
    const train = m.forwardWithAux(x);
    expect([train.logits.shape, train.aux1?.shape, train.aux2?.shape]).toEqual([[2, 1000], [2, 1000], [2, 1000]]);
    d.dispose([train.logits, train.aux1, train.aux2] as d.Tensor[]);
    const evalOut = m.eval().forwardWithAux(x);
    expect([evalOut.aux1, evalOut.aux2]).toEqual([null, null]);
    evalOut.logits.dispose();
    x.dispose();
    release(m);
    expect(d.memory().numTensors).toBe(before);
  });
});
