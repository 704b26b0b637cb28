// Every layer's forward output against an independent float64 computation,
// and its gradients (input and parameters) against finite differences.
import { dispose, memory, randn, seed, type Tensor, tensor, tidy } from '@dendrite/core';
import { gradcheck } from '@dendrite/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose2d, Dropout, Embedding, Flatten, functionalCall, GlobalAvgPool, GRU, LayerNorm, Linear,
  LocalResponseNorm, LSTM, MaxPool2d, type Module, Reshape, RNN, SpatialTransformer, Upsample, AdaptiveAvgPool2d,
} from '../src/index.js';
import { conv2dHost, convTranspose2dHost, maxAbsDiff, recurrentHost } from './host-reference.js';

// Forward tolerance: float32 sums of at most ~50 products of O(1) values
// carry rounding errors around 50·2⁻²⁴·|terms| < 1e-5; 1e-4 leaves margin.
const TOL = 1e-4;

const f64 = (t: Tensor) => Float64Array.from(t.dataSync());

/** Gradcheck of a layer w.r.t. its input and every float parameter. */
function checkGrads(layer: Module<[Tensor], Tensor> | Module<[Tensor], unknown>, x: Tensor, pick: (out: unknown) => Tensor = (o) => o as Tensor, maxPoints = 24) {
  const named = layer.namedParameters();
  const inputs = [x, ...named.map(([, p]) => p.value)];
  const fn = (xi: Tensor, ...ps: Tensor[]) => functionalCall(layer, Object.fromEntries(named.map(([n], i) => [n, ps[i]])), () => pick(layer.forward(xi)));
  const r = gradcheck(fn, inputs, { maxPoints });
  expect(r.failures.slice(0, 3), `maxError ${r.maxError}`).toEqual([]);
  expect(r.ok).toBe(true);
}

let start = 0;
beforeEach(() => {
  seed(21);
  start = memory().numTensors;
});
afterEach(() => {
  expect(memory().numTensors).toBe(start);
});

describe('Linear', () => {
  it('computes x Wᵀ + b and passes gradcheck', () => {
    const fc = new Linear(5, 3);
    const x = randn([4, 5]);
    const y = fc.forward(x);
    const [xv, w, b] = [f64(x), f64(fc.weight.value), f64(fc.bias!.value)];
    const want = Array.from({ length: 12 }, (_, k) => {
      const [i, o] = [Math.floor(k / 3), k % 3];
      let s = b[o];
      for (let j = 0; j < 5; j++) s += xv[i * 5 + j] * w[o * 5 + j];
      return s;
    });
    expect(maxAbsDiff(f64(y), want)).toBeLessThan(TOL);
    checkGrads(fc, x);
    y.dispose();
    x.dispose();
    fc.dispose();
  });
});

describe('convolutions', () => {
  it('Conv2d (stride, padding, dilation, groups) matches a direct loop and passes gradcheck', () => {
    const conv = new Conv2d(4, 6, [3, 2], { stride: [2, 1], padding: [1, 1], dilation: [1, 2], groups: 2 });
    const x = randn([2, 4, 6, 5]);
    const y = conv.forward(x);
    const ref = conv2dHost(f64(x), [2, 4, 6, 5], f64(conv.weight.value), [6, 2, 3, 2], f64(conv.bias!.value), { stride: [2, 1], pad: [1, 1], dilation: [1, 2], groups: 2 });
    expect(y.shape).toEqual(ref.shape);
    expect(maxAbsDiff(f64(y), ref.out)).toBeLessThan(TOL);
    checkGrads(conv, x);
    y.dispose();
    x.dispose();
    conv.dispose();
  });

  it("Conv2d padding 'same' keeps the size", () => {
    const conv = new Conv2d(2, 3, 3, { padding: 'same' });
    const x = randn([1, 2, 5, 7]);
    const y = conv.forward(x);
    const ref = conv2dHost(f64(x), [1, 2, 5, 7], f64(conv.weight.value), [3, 2, 3, 3], f64(conv.bias!.value), { stride: [1, 1], pad: [1, 1], dilation: [1, 1], groups: 1 });
    expect(y.shape).toEqual([1, 3, 5, 7]);
    expect(maxAbsDiff(f64(y), ref.out)).toBeLessThan(TOL);
    y.dispose();
    x.dispose();
    conv.dispose();
  });

  it('Conv1d equals the 2-D loop with height 1 and passes gradcheck', () => {
    const conv = new Conv1d(3, 4, 3, { stride: 2, padding: 1 });
    const x = randn([2, 3, 9]);
    const y = conv.forward(x);
    const ref = conv2dHost(f64(x), [2, 3, 1, 9], f64(conv.weight.value), [4, 3, 1, 3], f64(conv.bias!.value), { stride: [1, 2], pad: [0, 1], dilation: [1, 1], groups: 1 });
    expect(y.shape).toEqual([2, 4, 5]);
    expect(maxAbsDiff(f64(y), ref.out)).toBeLessThan(TOL);
    checkGrads(conv, x);
    y.dispose();
    x.dispose();
    conv.dispose();
  });

  it('ConvTranspose2d scatters each pixel times the kernel and passes gradcheck', () => {
    const conv = new ConvTranspose2d(3, 2, 3, { stride: 2, padding: 1, outputPadding: 1 });
    const x = randn([2, 3, 3, 4]);
    const y = conv.forward(x);
    const ref = convTranspose2dHost(f64(x), [2, 3, 3, 4], f64(conv.weight.value), [3, 2, 3, 3], f64(conv.bias!.value), 2, 1, 1);
    expect(y.shape).toEqual(ref.shape);
    expect(maxAbsDiff(f64(y), ref.out)).toBeLessThan(TOL);
    checkGrads(conv, x);
    y.dispose();
    x.dispose();
    conv.dispose();
  });
});

describe('normalization', () => {
  it('BatchNorm1d normalizes with batch statistics, tracks running ones, and uses them in eval', () => {
    const bn = new BatchNorm1d(3, { momentum: 0.25 });
    const x = randn([6, 3], { mean: 2, std: 3 });
    const y = bn.forward(x);
    const xv = f64(x);
    const want = new Float64Array(18);
    const mean = [0, 1, 2].map((c) => [0, 1, 2, 3, 4, 5].reduce((s, i) => s + xv[i * 3 + c], 0) / 6);
    const sq = [0, 1, 2].map((c) => [0, 1, 2, 3, 4, 5].reduce((s, i) => s + (xv[i * 3 + c] - mean[c]) ** 2, 0));
    for (let i = 0; i < 6; i++) for (let c = 0; c < 3; c++) want[i * 3 + c] = (xv[i * 3 + c] - mean[c]) / Math.sqrt(sq[c] / 6 + 1e-5);
    expect(maxAbsDiff(f64(y), want)).toBeLessThan(TOL);
    // running = 0.75·initial + 0.25·batch (unbiased variance), as PyTorch.
    expect(maxAbsDiff(f64(bn.runningMean!.value), mean.map((m) => 0.25 * m))).toBeLessThan(TOL);
    expect(maxAbsDiff(f64(bn.runningVar!.value), sq.map((s) => 0.75 + 0.25 * (s / 5)))).toBeLessThan(TOL);
    expect(bn.stateDict().num_batches_tracked.dataSync()[0]).toBe(1);
    bn.eval();
    const ye = bn.forward(x);
    const rm = f64(bn.runningMean!.value);
    const rv = f64(bn.runningVar!.value);
    expect(maxAbsDiff(f64(ye), Array.from(xv, (v, k) => (v - rm[k % 3]) / Math.sqrt(rv[k % 3] + 1e-5)))).toBeLessThan(TOL);
    bn.train();
    checkGrads(bn, x);
    for (const t of [x, y, ye]) t.dispose();
    bn.dispose();
  });

  it('BatchNorm2d passes gradcheck in training mode', () => {
    const bn = new BatchNorm2d(2);
    const x = randn([3, 2, 2, 2]);
    checkGrads(bn, x);
    x.dispose();
    bn.dispose();
  });

  it('LayerNorm normalizes the trailing dims and passes gradcheck', () => {
    const ln = new LayerNorm([2, 3]);
    const x = randn([4, 2, 3]);
    const y = ln.forward(x);
    const xv = f64(x);
    const want = new Float64Array(24);
    for (let r = 0; r < 4; r++) {
      const row = Array.from(xv.subarray(r * 6, r * 6 + 6));
      const m = row.reduce((a, b) => a + b, 0) / 6;
      const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 6;
      row.forEach((val, k) => (want[r * 6 + k] = (val - m) / Math.sqrt(v + 1e-5)));
    }
    expect(maxAbsDiff(f64(y), want)).toBeLessThan(TOL);
    checkGrads(ln, x);
    y.dispose();
    x.dispose();
    ln.dispose();
  });

  it("LocalResponseNorm follows AlexNet's formula across channels", () => {
    const lrn = new LocalResponseNorm(3, { alpha: 0.3, beta: 0.75, k: 2 });
    const x = randn([1, 4, 1, 2]);
    const y = lrn.forward(x);
    const xv = f64(x);
    const want = Array.from(xv, (v, k) => {
      const [c, p] = [Math.floor(k / 2), k % 2];
      let s = 0;
      for (let d = Math.max(0, c - 1); d <= Math.min(3, c + 1); d++) s += xv[d * 2 + p] ** 2;
      return v / (2 + (0.3 / 3) * s) ** 0.75;
    });
    expect(maxAbsDiff(f64(y), want)).toBeLessThan(TOL);
    checkGrads(lrn, x);
    y.dispose();
    x.dispose();
  });
});

describe('recurrent layers', () => {
  const params = (layer: Module<never[], unknown>, sfx: string) => {
    const s = layer.stateDict();
    return { wih: f64(s[`weight_ih_l0${sfx}`]), whh: f64(s[`weight_hh_l0${sfx}`]), bih: f64(s[`bias_ih_l0${sfx}`]), bhh: f64(s[`bias_hh_l0${sfx}`]) };
  };

  for (const [name, make, kind] of [
    ['RNN', () => new RNN(3, 4), 'tanh'],
    ['LSTM', () => new LSTM(3, 4), 'lstm'],
    ['GRU', () => new GRU(3, 4), 'gru'],
  ] as const) {
    it(`${name} matches a float64 loop of its cell equations`, () => {
      const layer = make();
      const x = randn([5, 2, 3]);
      const [out, state] = layer.forward(x);
      const want = recurrentHost(kind, f64(x), [5, 2, 3], 4, params(layer as never, '')).flat(2);
      expect(maxAbsDiff(f64(out), want)).toBeLessThan(TOL);
      expect(maxAbsDiff(f64(state[0]), want.slice(-8))).toBeLessThan(TOL);
      expect(state.length).toBe(kind === 'lstm' ? 2 : 1);
      checkGrads(layer, x, (o) => (o as [Tensor])[0], 12);
      tidy(() => [out, ...state]).forEach((t) => t.dispose());
      x.dispose();
      layer.dispose();
    });
  }

  it('bidirectional 2-layer LSTM with batchFirst: shapes, reverse direction, initial state, gradients', () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    expect(lstm.namedParameters().map(([n]) => n)).toContain('bias_hh_l1_reverse');
    expect(lstm.stateDict().weight_ih_l1.shape).toEqual([16, 8]);
    const x = randn([2, 5, 3]);
    const [out, [h, c]] = lstm.forward(x);
    expect(out.shape).toEqual([2, 5, 8]);
    expect(h.shape).toEqual([4, 2, 4]);
    expect(c.shape).toEqual([4, 2, 4]);
    // Layer 0's reverse direction = the forward recurrence on the time-reversed input.
    const one = new LSTM(3, 4, { bidirectional: true });
    const xt = tidy(() => x.permute(1, 0, 2));
    const oneOut = one.forward(xt);
    const [o1] = oneOut;
    const xr = f64(xt);
    const reversed = new Float64Array(xr.length);
    for (let t = 0; t < 5; t++) reversed.set(xr.subarray((4 - t) * 6, (5 - t) * 6), t * 6);
    const back = recurrentHost('lstm', reversed, [5, 2, 3], 4, params(one as never, '_reverse'));
    const got = f64(o1);
    for (let t = 0; t < 5; t++)
      for (let b = 0; b < 2; b++) for (let j = 0; j < 4; j++) expect(Math.abs(got[(t * 2 + b) * 8 + 4 + j] - back[4 - t][b][j])).toBeLessThan(TOL);
    // A given initial state changes the result; zeros reproduce the default.
    const h0 = randn([4, 2, 4]);
    const c0 = randn([4, 2, 4]);
    const zeros0 = tidy(() => h0.mul(0));
    const stateOut = lstm.forward(x, [h0, c0]);
    const zerosOut = lstm.forward(x, [zeros0, zeros0]);
    const [withState] = stateOut;
    const [withZeros] = zerosOut;
    expect(maxAbsDiff(f64(withZeros), f64(out))).toBeLessThan(1e-6);
    expect(maxAbsDiff(f64(withState), f64(out))).toBeGreaterThan(1e-3);
    checkGrads(lstm, x, (o) => (o as [Tensor])[0], 6);
    dispose([x, out, h, c, xt, oneOut, h0, c0, zeros0, stateOut, zerosOut]);
    lstm.dispose();
    one.dispose();
  });
});

describe('other layers', () => {
  it('Embedding looks rows up, keeps the padding row at zero without gradient, and renormalizes with maxNorm', () => {
    const emb = new Embedding(5, 3, { paddingIdx: 0 });
    const idx = tensor([[1, 0], [4, 1]], undefined, 'int32');
    const y = emb.forward(idx);
    const w = f64(emb.weight.value);
    expect(Array.from(w.subarray(0, 3), Math.abs)).toEqual([0, 0, 0]);
    expect(maxAbsDiff(f64(y), [...w.subarray(3, 6), ...w.subarray(0, 3), ...w.subarray(12, 15), ...w.subarray(3, 6)])).toBe(0);
    const loss = y.sum();
    loss.backward();
    expect(Array.from(emb.weight.grad!.dataSync())).toEqual([0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const capped = new Embedding(4, 3, { maxNorm: 0.5 });
    const before = f64(capped.weight.value);
    const two = tensor([2], undefined, 'int32');
    const out = capped.forward(two);
    const after = f64(capped.weight.value);
    const norm = Math.hypot(...after.subarray(6, 9));
    expect(norm).toBeLessThan(0.5 + 1e-5);
    expect(Array.from(after.subarray(0, 3))).toEqual(Array.from(before.subarray(0, 3)).map(Math.fround));
    dispose([idx, y, loss, out, two]);
    emb.dispose();
    capped.dispose();
  });

  it('pooling, flatten, reshape, upsample and dropout behave as specified', () => {
    const x = tensor(Float32Array.from({ length: 32 }, (_, i) => (i * 7) % 11), [1, 2, 4, 4]);
    tidy(() => {
      expect(Array.from(new MaxPool2d(2).forward(x).dataSync().subarray(0, 4))).toEqual([7, 10, 8, 10]);
      expect(new AvgPool2d(2, { stride: 1 }).forward(x).shape).toEqual([1, 2, 3, 3]);
      expect(new AvgPool2d(2).forward(x).dataSync()[0]).toBeCloseTo((0 + 7 + 6 + 2) / 4, 5);
      expect(new AdaptiveAvgPool2d(1).forward(x).dataSync()[0]).toBeCloseTo(Array.from({ length: 16 }, (_, i) => (i * 7) % 11).reduce((a, b) => a + b, 0) / 16, 5);
      expect(maxAbsDiff(new GlobalAvgPool().forward(x).dataSync(), new AdaptiveAvgPool2d(1).forward(x).dataSync())).toBeLessThan(1e-6);
      expect(new Flatten().forward(x).shape).toEqual([1, 32]);
      expect(new Reshape([4, 8]).forward(x).shape).toEqual([1, 4, 8]);
      const up = new Upsample({ scaleFactor: 2 }).forward(x);
      expect(up.shape).toEqual([1, 2, 8, 8]);
      expect(Array.from(up.dataSync().subarray(0, 4))).toEqual([0, 0, 7, 7]);
      const drop = new Dropout(0.5);
      const ones = x.mul(0).add(1);
      const d = drop.forward(ones).dataSync();
      expect(new Set(d)).toEqual(new Set([0, 2]));
      expect(Array.from(drop.eval().forward(ones).dataSync())).toEqual(Array.from(ones.dataSync()));
    });
    x.dispose();
  });

  it('SpatialTransformer with an identity localisation reproduces its input and passes gradcheck', () => {
    const loc = new Linear(1, 6);
    // Zero weights and identity bias: theta = [[1, 0, 0], [0, 1, 0]] for every sample.
    loc.weight.assign(tensor([[0], [0], [0], [0], [0], [0]]));
    loc.bias!.assign(tensor([1, 0, 0, 0, 1, 0]));
    class Pool extends Linear {
      override forward(x: Tensor): Tensor {
        return super.forward(tidy(() => x.mean([1, 2, 3], true).reshape([x.shape[0], 1])));
      }
    }
    const pool = new Pool(1, 6);
    pool.loadStateDict(loc.stateDict());
    const stn = new SpatialTransformer(pool);
    const x = randn([2, 1, 4, 5]);
    const y = stn.forward(x);
    expect(maxAbsDiff(f64(y), f64(x))).toBeLessThan(1e-5);
    // Away from the identity (where samples sit on pixel centers, bilinear's kinks) the gradients are smooth.
    pool.bias!.assign(tensor([0.87, 0.13, 0.041, -0.093, 0.79, 0.061]));
    checkGrads(stn, x, undefined, 12);
    y.dispose();
    x.dispose();
    loc.dispose();
    stn.dispose();
  });
});
