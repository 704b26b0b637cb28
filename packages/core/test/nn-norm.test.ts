import { beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { worstRatio } from './nn-oracle.js';

// Normalizations reduce <= 60 float32 values and divide by a square root:
// float32 rounding keeps results within 1e-5 of float64 formulas for O(1) inputs.
const TOL = 1e-5;
let start = 0;

beforeEach(() => {
  d.seed(5);
  start = d.memory().numTensors;
  return () => expect(d.memory().numTensors).toBe(start);
});

/** Per-channel mean and variance of an [N, C, S] array. */
function channelStats(v: ArrayLike<number>, n: number, c: number, s: number, unbiased: boolean): { mean: number[]; variance: number[] } {
  const mean: number[] = [];
  const variance: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const vals: number[] = [];
    for (let b = 0; b < n; b++) for (let i = 0; i < s; i++) vals.push(v[(b * c + ch) * s + i]);
    const m = vals.reduce((a, x) => a + x, 0) / vals.length;
    mean.push(m);
    variance.push(vals.reduce((a, x) => a + (x - m) ** 2, 0) / (vals.length - (unbiased ? 1 : 0)));
  }
  return { mean, variance };
}

describe('batchNorm', () => {
  it('training normalizes with the batch mean and biased variance, then scales and shifts', () => {
    d.tidy(() => {
      const x = d.randn([3, 2, 2, 3], { mean: 1, std: 2 });
      const gamma = d.tensor([1.5, -0.5]);
      const beta = d.tensor([0.1, 2]);
      const y = d.batchNorm(x, null, null, { weight: gamma, bias: beta, training: true, eps: 1e-3 });
      const { mean, variance } = channelStats(x.dataSync(), 3, 2, 6, false);
      const xv = x.dataSync();
      const expected = Array.from(xv, (v, i) => {
        const ch = Math.floor(i / 6) % 2;
        return ((v - mean[ch]) / Math.sqrt(variance[ch] + 1e-3)) * [1.5, -0.5][ch] + [0.1, 2][ch];
      });
      expect(worstRatio(y.dataSync(), expected, TOL, TOL)).toBeLessThanOrEqual(1);
    });
  });

  it('evaluation uses the running statistics', () => {
    d.tidy(() => {
      const x = d.randn([2, 3, 4]);
      const rm = d.tensor([0.5, -1, 0]);
      const rv = d.tensor([2, 0.5, 1]);
      const y = d.batchNorm(x, rm, rv);
      const expected = Array.from(x.dataSync(), (v, i) => {
        const ch = Math.floor(i / 4) % 3;
        return (v - [0.5, -1, 0][ch]) / Math.sqrt([2, 0.5, 1][ch] + 1e-5);
      });
      expect(worstRatio(y.dataSync(), expected, TOL, TOL)).toBeLessThanOrEqual(1);
      expect(() => d.batchNorm(x)).toThrow(/batchNorm: evaluation mode/);
      expect(() => d.batchNorm(x, d.zeros([2]), rv)).toThrow(/'runningMean' must have shape \[3\]/);
    });
  });

  it('batchNormRunningStats applies PyTorch momentum with the unbiased variance', () => {
    d.tidy(() => {
      const x = d.randn([4, 2, 3]);
      const rm = d.tensor([0.2, -0.3]);
      const rv = d.tensor([1.1, 0.9]);
      const next = d.batchNormRunningStats(x, rm, rv, { momentum: 0.25 });
      const { mean, variance } = channelStats(x.dataSync(), 4, 2, 3, true);
      expect(worstRatio(next.runningMean.dataSync(), [0.2, -0.3].map((v, i) => 0.75 * v + 0.25 * mean[i]), TOL, TOL)).toBeLessThanOrEqual(1);
      expect(worstRatio(next.runningVar.dataSync(), [1.1, 0.9].map((v, i) => 0.75 * v + 0.25 * variance[i]), TOL, TOL)).toBeLessThanOrEqual(1);
      expect(next.runningMean.requiresGrad).toBe(false);
    });
  });
});

describe('layerNorm', () => {
  it('normalizes over the trailing dims with biased variance and elementwise affine', () => {
    d.tidy(() => {
      const x = d.randn([3, 2, 4], { mean: -1, std: 3 });
      const w = d.randn([2, 4]);
      const b = d.randn([2, 4]);
      const y = d.layerNorm(x, [2, 4], { weight: w, bias: b });
      const xv = x.dataSync();
      const wv = w.dataSync();
      const bv = b.dataSync();
      const expected: number[] = [];
      for (let r = 0; r < 3; r++) {
        const row = Array.from(xv.slice(r * 8, r * 8 + 8));
        const m = row.reduce((a, v) => a + v, 0) / 8;
        const v = row.reduce((a, e) => a + (e - m) ** 2, 0) / 8;
        row.forEach((e, i) => expected.push(((e - m) / Math.sqrt(v + 1e-5)) * wv[i] + bv[i]));
      }
      expect(worstRatio(y.dataSync(), expected, TOL, TOL)).toBeLessThanOrEqual(1);
      expect(() => d.layerNorm(x, [4, 2])).toThrow(/layerNorm: 'normalizedShape' \[4,2\] must equal the trailing dims of x \[3, 2, 4\]/);
    });
  });
});

describe('localResponseNorm', () => {
  it("follows PyTorch's zero-padded channel window x / (k + alpha/size Σ x²)^beta", () => {
    d.tidy(() => {
      const [n, c, s] = [2, 5, 3];
      const x = d.randn([n, c, 1, s]);
      const opts = { size: 4, alpha: 0.3, beta: 0.75, k: 2 };
      const y = d.localResponseNorm(x, opts);
      const xv = x.dataSync();
      const expected = Array.from(xv, (v, i) => {
        const b = Math.floor(i / (c * s));
        const ch = Math.floor(i / s) % c;
        const pos = i % s;
        let sq = 0;
        // size 4: channels ch - 2 .. ch + 1
        for (let j = ch - 2; j <= ch + 1; j++) if (j >= 0 && j < c) sq += xv[(b * c + j) * s + pos] ** 2;
        return v / (opts.k + (opts.alpha / opts.size) * sq) ** opts.beta;
      });
      expect(worstRatio(y.dataSync(), expected, TOL, TOL)).toBeLessThanOrEqual(1);
    });
  });
});

describe('dropout', () => {
  it('zeroes about p of the elements, scales the rest by 1/(1-p), and is reproducible', () => {
    d.tidy(() => {
      const x = d.add(d.rand([4000]), 1);
      const y = d.dropout(x, 0.3, true, { generator: new d.Generator(9) });
      const xv = x.dataSync();
      const yv = y.dataSync();
      let zeros = 0;
      for (let i = 0; i < yv.length; i++) {
        if (yv[i] === 0) zeros++;
        else expect(Math.abs(yv[i] - xv[i] / 0.7)).toBeLessThan(1e-5);
      }
      // Binomial(4000, 0.3): sd ≈ 29, so ±150 is over 5 sd.
      expect(Math.abs(zeros - 1200)).toBeLessThan(150);
      expect(Array.from(d.dropout(x, 0.3, true, { generator: new d.Generator(9) }).dataSync())).toEqual(Array.from(yv));
      expect(Array.from(d.dropout(x, 0.3, false).dataSync())).toEqual(Array.from(xv));
      expect(Array.from(d.dropout(x, 1).dataSync()).every((v) => v === 0)).toBe(true);
      expect(() => d.dropout(x, 1.5)).toThrow(/dropout: 'p' must be a probability/);
    });
  });

  it('dropout2d drops whole channels', () => {
    d.tidy(() => {
      const x = d.add(d.rand([8, 6, 3, 3]), 1);
      const y = d.dropout2d(x, 0.5, true).reshape([48, 9]).arraySync() as number[][];
      for (const channel of y) {
        const allZero = channel.every((v) => v === 0);
        const noneZero = channel.every((v) => v !== 0);
        expect(allZero || noneZero).toBe(true);
      }
      expect(y.some((ch) => ch[0] === 0) && y.some((ch) => ch[0] !== 0)).toBe(true);
    });
  });
});

describe('embedding', () => {
  it('gathers rows and sends no gradient to the padding row', () => {
    d.tidy(() => {
      const weight = d.randn([5, 3]).requiresGrad_();
      const idx = d.tensor(Int32Array.from([1, 0, 4, 1, 0, 2]), [2, 3]);
      const out = d.embedding(idx, weight, { paddingIdx: 0 });
      expect(out.shape).toEqual([2, 3, 3]);
      const w = weight.arraySync() as number[][];
      expect(out.arraySync()).toEqual([[w[1], w[0], w[4]], [w[1], w[0], w[2]]]);
      d.sum(out).backward();
      expect(weight.grad!.arraySync()).toEqual([[0, 0, 0], [2, 2, 2], [1, 1, 1], [0, 0, 0], [1, 1, 1]]);
      weight.grad!.dispose();
      expect(() => d.embedding(d.tensor(Int32Array.from([5])), weight)).toThrow(/embedding: index 5 at flat position 0 is out of range \[0, 5\)/);
      expect(() => d.embedding(d.tensor([1]), weight)).toThrow(d.DTypeError);
    });
  });
});
