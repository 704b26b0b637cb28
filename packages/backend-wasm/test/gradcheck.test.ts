// Gradients of the ops that run on this backend's fused kernels (conv2d and
// both of its gradients, pooling, batch norm, matmul with every transpose),
// checked against central finite differences with the wasm backend active.
import * as d from '@dendrite/core';
import { gradcheck } from '@dendrite/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { BUILD } from './build.js';

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend({ threads: 2, build: BUILD }));
  await d.setBackend('wasm');
  d.seed(5);
});

afterAll(async () => {
  await d.setBackend('reference');
  d.removeBackend('wasm');
});

// gradcheck's default tolerances (atol 1e-3, rtol 1e-2 with eps 1e-3, justified in gradcheck.ts) hold for most
// float32 kernels. Cases marked BIG_STEP use eps 1e-2: their outputs are float32 sums of many products, so the
// finite-difference rounding noise (~2^-24 · Σ|terms| / eps) reaches 3e-3 at eps 1e-3 on this backend (measured),
// while a 10x larger step costs nothing for conv (linear in each input: no truncation error) and only
// O(eps²·f''') ≈ 1e-4 for batch norm.
const BIG_STEP = { eps: 1e-2 };
const cases: [string, (...xs: d.Tensor[]) => d.Tensor, () => d.Tensor[], { eps?: number }?][] = [
  ['conv2d stride 2, padding 1, dilation 1', (x, w) => d.conv2d(x, w, { stride: 2, padding: 1 }), () => [d.randn([2, 3, 7, 6]), d.randn([4, 3, 3, 3])], BIG_STEP],
  ['conv2d dilation 2, groups 2', (x, w) => d.conv2d(x, w, { dilation: 2, groups: 2, padding: 2 }), () => [d.randn([1, 4, 6, 6]), d.randn([4, 2, 3, 3])]],
  ['convTranspose2d', (x, w) => d.convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1 }), () => [d.randn([1, 3, 4, 4]), d.randn([3, 2, 3, 3])]],
  ['maxPool2d', (x) => d.maxPool2d(x, { kernelSize: 2, stride: 2 }), () => [d.randn([2, 2, 6, 6])]],
  ['avgPool2d with padding', (x) => d.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1 }), () => [d.randn([1, 2, 7, 7])]],
  ['batchNorm (training)', (x, g, b) => d.batchNorm(x, null, null, { weight: g, bias: b, training: true }), () => [d.randn([4, 3, 3, 3]), d.rand([3], { low: 0.5, high: 1.5 }), d.randn([3])], BIG_STEP],
  ['layerNorm', (x, g, b) => d.layerNorm(x, [5], { weight: g, bias: b }), () => [d.randn([3, 5]), d.rand([5], { low: 0.5, high: 1.5 }), d.randn([5])]],
  ['softmax + logSoftmax', (x) => d.add(d.softmax(x, 1), d.logSoftmax(x, 1)), () => [d.randn([3, 6])]],
  ['matmul NN batched', (a, b) => d.matmul(a, b), () => [d.randn([2, 3, 5]), d.randn([5, 4])]],
  ['matmul NT', (a, b) => d.matmul(a, b, { transB: true }), () => [d.randn([3, 5]), d.randn([4, 5])]],
  ['matmul TN', (a, b) => d.matmul(a, b, { transA: true }), () => [d.randn([5, 3]), d.randn([5, 4])]],
  ['gridSample bilinear', (x, g) => d.gridSample(x, g, { alignCorners: false }), () => [d.randn([1, 2, 4, 5]), d.rand([1, 3, 3, 2], { low: -0.9, high: 0.9 })]],
];

describe(`gradcheck on the wasm backend (${BUILD})`, () => {
  for (const [name, fn, make, options] of cases) {
    it(name, () => {
      const before = d.memory().numTensors;
      const inputs = make();
      expect(inputs[0].backend).toBe('wasm');
      const r = gradcheck(fn, inputs, options);
      d.dispose(inputs);
      expect(r.failures.slice(0, 3)).toEqual([]);
      expect(r.checked).toBeGreaterThan(0);
      expect(d.memory().numTensors).toBe(before);
    });
  }
});
