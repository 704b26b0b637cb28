// convBatchNorm: conv → batch norm (→ ReLU) folded into one convolution in
// eval mode without gradients, against the three layers run as written (and
// a float64 host computation), on the reference and wasm backends; the
// layers' parameters and state dicts stay untouched, the fold follows weight
// and statistic changes, training mode and gradient recording run unfolded.
import * as d from '@dendrite/core';
import { createWasmBackend } from '@dendrite/backend-wasm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchNorm2d, Conv2d, convBatchNorm } from '../src/index.js';
import { conv2dHost } from './host-reference.js';

beforeAll(async () => {
  d.registerBackend('wasm', () => createWasmBackend({ threads: 2 }), { priority: 10 });
  await d.findBackend('wasm');
});

afterAll(async () => {
  await d.setBackend('reference');
});

/** A conv and a batch norm with random (non-trivial) affine parameters and running statistics. */
function pair(inC: number, outC: number, k: number, options: ConstructorParameters<typeof Conv2d>[3]) {
  const conv = new Conv2d(inC, outC, k, options);
  const bn = new BatchNorm2d(outC, { eps: 1e-3 });
  d.tidy(() => {
    bn.weight!.assign(d.add(d.randn([outC]), 1));
    bn.bias!.assign(d.randn([outC]));
    bn.runningMean!.assign(d.mul(d.randn([outC]), 0.5));
    bn.runningVar!.assign(d.add(d.rand([outC]), 0.25));
  });
  conv.eval();
  bn.eval();
  return { conv, bn };
}

/** float64: relu?(γ·(conv(x) + b − μ)/√(σ² + ε) + β), and Σ|terms| per element for the tolerance. */
function host(conv: Conv2d, bn: BatchNorm2d, x: d.Tensor, relu: boolean): { y: Float64Array; scale: Float64Array } {
  const f = (t: d.Tensor) => Float64Array.from(t.dataSync());
  const stride = typeof conv.stride === 'number' ? [conv.stride, conv.stride] : conv.stride;
  const dil = typeof conv.dilation === 'number' ? [conv.dilation, conv.dilation] : conv.dilation;
  const p = conv.padding as number;
  const attrs = { stride: stride as [number, number], pad: [p, p] as [number, number], dilation: dil as [number, number], groups: conv.groups };
  const plain = conv2dHost(f(x), x.shape.slice(), f(conv.weight.value), conv.weight.shape.slice(), null, attrs);
  const abs = conv2dHost(f(x).map(Math.abs), x.shape.slice(), f(conv.weight.value).map(Math.abs), conv.weight.shape.slice(), null, attrs);
  const [g, beta, mu, v] = [bn.weight!.value, bn.bias!.value, bn.runningMean!.value, bn.runningVar!.value].map(f);
  const b = conv.bias ? f(conv.bias.value) : null;
  const plane = plain.shape[2] * plain.shape[3];
  const y = new Float64Array(plain.out.length), scale = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = Math.floor(i / plane) % conv.outChannels;
    const s = g[c] / Math.sqrt(v[c] + bn.eps);
    const val = (plain.out[i] + (b ? b[c] : 0) - mu[c]) * s + beta[c];
    y[i] = relu ? Math.max(0, val) : val;
    scale[i] = (abs.out[i] + Math.abs(b ? b[c] : 0) + Math.abs(mu[c])) * Math.abs(s) + Math.abs(beta[c]);
  }
  return { y, scale };
}

/** Largest |got − want| / (1e-5·scale + 1e-6): ≤ 1 passes. Float32 sums of ≤ 150 products err ≈ 150·2⁻²⁴·Σ|terms| < 1e-5·Σ|terms|. */
function worst(got: ArrayLike<number>, want: { y: Float64Array; scale: Float64Array }): number {
  let r = 0;
  for (let i = 0; i < want.y.length; i++) r = Math.max(r, Math.abs(got[i] - want.y[i]) / (1e-5 * want.scale[i] + 1e-6));
  return r;
}

describe.each(['reference', 'wasm'])('convBatchNorm on %s', (backend) => {
  let start = 0;
  beforeEach(async () => {
    await d.setBackend(backend);
    d.seed(5);
    start = d.memory().numTensors;
    return () => expect(d.memory().numTensors).toBe(start);
  });

  const shapes: [string, number, number, number, ConstructorParameters<typeof Conv2d>[3], number[]][] = [
    ['3x3 padded, no conv bias', 6, 8, 3, { padding: 1, bias: false }, [2, 6, 9, 8]],
    ['3x3 stride 2 with a conv bias', 5, 7, 3, { padding: 1, stride: 2 }, [1, 5, 11, 10]],
    ['1x1 (plain GEMM path)', 16, 12, 1, { bias: false }, [2, 16, 7, 7]],
    ['grouped, dilated', 8, 12, 3, { padding: 2, dilation: 2, groups: 4 }, [1, 8, 9, 9]],
    ['depthwise', 6, 6, 3, { padding: 1, groups: 6, bias: false }, [2, 6, 8, 8]],
  ];
  for (const [name, inC, outC, k, opts, xShape] of shapes) {
    it(`eval + noGrad folds and matches float64: ${name}`, () => {
      const { conv, bn } = pair(inC, outC, k, opts);
      const x = d.randn(xShape);
      for (const act of ['linear', 'relu'] as const) {
        const y = d.noGrad(() => convBatchNorm(conv, bn, x, act));
        expect(worst(y.dataSync(), host(conv, bn, x, act === 'relu'))).toBeLessThanOrEqual(1);
        y.dispose();
      }
      x.dispose();
      conv.dispose();
      bn.dispose(); // frees the cached fold too (the live count check)
    });
  }

  it('keeps the parameters and state dict as they were, and follows changed statistics and weights', () => {
    const { conv, bn } = pair(4, 6, 3, { padding: 1, bias: false });
    const x = d.randn([1, 4, 6, 6]);
    const before = [...conv.namedParameters(), ...bn.namedParameters()].map(([n, p]) => [n, p.value.id, Array.from(p.value.dataSync())]);
    const bufs = bn.namedBuffers().map(([n, b]) => [n, b.value.id]);
    d.dispose(d.noGrad(() => convBatchNorm(conv, bn, x, 'relu')));
    expect([...conv.namedParameters(), ...bn.namedParameters()].map(([n, p]) => [n, p.value.id, Array.from(p.value.dataSync())])).toEqual(before);
    expect(bn.namedBuffers().map(([n, b]) => [n, b.value.id])).toEqual(bufs);
    // New statistics and a new conv weight (as loadStateDict / an optimizer would hand over): the fold is rebuilt.
    d.tidy(() => bn.runningVar!.assign(d.add(d.rand([6]), 2)));
    let y = d.noGrad(() => convBatchNorm(conv, bn, x, 'relu'));
    expect(worst(y.dataSync(), host(conv, bn, x, true))).toBeLessThanOrEqual(1);
    y.dispose();
    conv.weight.assign(d.randn(conv.weight.shape));
    y = d.noGrad(() => convBatchNorm(conv, bn, x, 'relu'));
    expect(worst(y.dataSync(), host(conv, bn, x, true))).toBeLessThanOrEqual(1);
    d.dispose([y, x]);
    conv.dispose();
    bn.dispose();
  });

  it('training mode runs the layers unfolded (batch statistics, running ones updated) and drops the fold', () => {
    const { conv, bn } = pair(3, 4, 3, { padding: 1, bias: false });
    const x = d.randn([4, 3, 5, 5]);
    d.dispose(d.noGrad(() => convBatchNorm(conv, bn, x)));
    const cached = d.memory().numTensors;
    conv.train();
    bn.train();
    const want = d.noGrad(() => d.tidy(() => bn.forward(conv.forward(x)))); // updates the running statistics once
    const mean1 = Array.from(bn.runningMean!.value.dataSync());
    const got = d.noGrad(() => convBatchNorm(conv, bn, x)); // and once more
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(Array.from(bn.runningMean!.value.dataSync())).not.toEqual(mean1);
    d.dispose([want, got]);
    expect(d.memory().numTensors).toBe(cached - 2); // the folded weight and bias were freed
    d.dispose(x);
    conv.dispose();
    bn.dispose();
  });

  it('runs the layers as written when a forward is wrapped on the instance (summary, hooks)', () => {
    const { conv, bn } = pair(3, 4, 3, { padding: 1, bias: false });
    const x = d.randn([1, 3, 5, 5]);
    let calls = 0;
    const original = bn.forward.bind(bn);
    Object.defineProperty(bn, 'forward', {
      configurable: true,
      value: (t: d.Tensor) => {
        calls++;
        return original(t);
      },
    });
    const y = d.noGrad(() => convBatchNorm(conv, bn, x));
    expect(calls).toBe(1);
    expect(worst(y.dataSync(), host(conv, bn, x, false))).toBeLessThanOrEqual(1);
    d.dispose([x, y]);
    conv.dispose();
    bn.dispose();
  });

  it('eval mode recording gradients runs unfolded, so gradients reach the conv and batch-norm parameters', () => {
    const { conv, bn } = pair(3, 4, 3, { padding: 1 });
    const x = d.randn([2, 3, 5, 5]);
    d.tidy(() => d.sum(d.square(convBatchNorm(conv, bn, x, 'relu'))).backward());
    for (const p of [conv.weight, conv.bias!, bn.weight!, bn.bias!]) {
      expect(p.grad).not.toBeNull();
      p.zeroGrad();
    }
    d.dispose(x);
    conv.dispose();
    bn.dispose();
  });
});
