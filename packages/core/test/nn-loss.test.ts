import { beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { logSoftmaxRows, worstRatio } from './nn-oracle.js';

// Losses are short float32 reductions (<= 60 terms) of O(1) values checked
// against float64 formulas: 1e-5 absolute + relative covers float32 rounding.
const TOL = 1e-5;
let start = 0;

beforeEach(() => {
  d.seed(3);
  start = d.memory().numTensors;
  return () => expect(d.memory().numTensors).toBe(start);
});

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(TOL * (1 + Math.abs(b)));

describe('softmax and logSoftmax', () => {
  it('match float64 formulas along any axis and are stable for large logits', () => {
    d.tidy(() => {
      const x = d.randn([3, 4, 5]);
      // Along axis 1: move it last on the host to reuse the row oracle.
      const v = x.arraySync() as number[][][];
      const rows = v.flatMap((m) => [0, 1, 2, 3, 4].map((k) => m.map((r) => r[k])));
      const ref = logSoftmaxRows(rows.flat(), 15, 4);
      const got = (d.logSoftmax(x, 1).permute(0, 2, 1).reshape([15, 4]).dataSync());
      expect(worstRatio(got, ref, TOL, TOL)).toBeLessThanOrEqual(1);
      const sm = x.softmax(1).permute(0, 2, 1).reshape([15, 4]).dataSync();
      expect(worstRatio(sm, ref.map(Math.exp), TOL, TOL)).toBeLessThanOrEqual(1);
      const big = d.softmax(d.tensor([1000, 1001, 1002])).dataSync();
      expect(worstRatio(big, logSoftmaxRows([0, 1, 2], 1, 3).map(Math.exp), TOL, TOL)).toBeLessThanOrEqual(1);
      expect(d.softmax(d.scalar(3)).item()).toBe(1);
    });
  });
});

/** PyTorch's cross-entropy with class indices, label smoothing, weights and ignore_index, in float64. */
function crossEntropyOracle(logits: number[], n: number, c: number, target: number[], opts: { eps?: number; weight?: number[]; ignore?: number; reduction?: string }): number | number[] {
  const logp = logSoftmaxRows(logits, n, c);
  const w = opts.weight ?? new Array(c).fill(1);
  const eps = opts.eps ?? 0;
  const per: number[] = [];
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    if (target[i] === (opts.ignore ?? -100)) {
      per.push(0);
      continue;
    }
    const nll = -w[target[i]] * logp[i * c + target[i]];
    let smooth = 0;
    for (let k = 0; k < c; k++) smooth -= w[k] * logp[i * c + k];
    per.push((1 - eps) * nll + (eps / c) * smooth);
    wsum += w[target[i]];
  }
  if (opts.reduction === 'none') return per;
  const total = per.reduce((a, b) => a + b, 0);
  return opts.reduction === 'sum' ? total : total / wsum;
}

describe('crossEntropy', () => {
  const n = 6;
  const c = 4;
  const labels = [0, 3, 1, 1, 2, 3];
  it('equals -Σ onehot · logSoftmax, averaged', () => {
    d.tidy(() => {
      const logits = d.randn([n, c]);
      const target = d.tensor(Int32Array.from(labels));
      const manual = d.neg(d.mean(d.sum(d.mul(d.oneHot(target, c), d.logSoftmax(logits)), 1)));
      close(d.crossEntropy(logits, target).item(), manual.item());
    });
  });

  for (const opts of [
    { eps: 0.1 },
    { weight: [0.5, 2, 1, 3] },
    { weight: [0.5, 2, 1, 3], eps: 0.2, ignore: 1 },
    { ignore: 3, reduction: 'sum' },
    { weight: [1, 2, 3, 4], eps: 0.1, reduction: 'none' },
  ]) {
    it(`follows PyTorch's conventions for ${JSON.stringify(opts)}`, () => {
      d.tidy(() => {
        const logits = d.randn([n, c]);
        const weight = opts.weight ? d.tensor(opts.weight) : undefined;
        const got = d.crossEntropy(logits, d.tensor(Int32Array.from(labels)), {
          labelSmoothing: opts.eps,
          weight,
          ignoreIndex: opts.ignore,
          reduction: opts.reduction as d.Reduction | undefined,
        });
        const ref = crossEntropyOracle(Array.from(logits.dataSync()), n, c, labels, opts);
        if (typeof ref === 'number') close(got.item(), ref);
        else expect(worstRatio(got.dataSync(), ref, TOL, TOL)).toBeLessThanOrEqual(1);
      });
    });
  }

  it('handles spatial targets [N, d] with the class axis at 1', () => {
    d.tidy(() => {
      const logits = d.randn([2, 3, 4]);
      const target = d.tensor(Int32Array.from([0, 2, 1, 1, 2, 0, 0, 1]), [2, 4]);
      const rows = logits.permute(0, 2, 1).reshape([8, 3]);
      const ref = crossEntropyOracle(Array.from(rows.dataSync()), 8, 3, Array.from(target.dataSync()), {});
      close(d.crossEntropy(logits, target).item(), ref as number);
    });
  });

  it('with probability targets equals -Σ p · logSoftmax, averaged over samples', () => {
    d.tidy(() => {
      const logits = d.randn([n, c]);
      const probs = d.softmax(d.randn([n, c]));
      const logp = logSoftmaxRows(logits.dataSync(), n, c);
      const p = probs.dataSync();
      const eps = 0.1;
      let total = 0;
      for (let i = 0; i < n * c; i++) total -= (p[i] * (1 - eps) + eps / c) * logp[i];
      close(d.crossEntropy(logits, probs, { labelSmoothing: eps }).item(), total / n);
    });
  });

  it('rejects bad targets with typed errors', () => {
    d.tidy(() => {
      const logits = d.randn([3, 4]);
      expect(() => d.crossEntropy(logits, d.tensor(Int32Array.from([0, 4, 1])))).toThrow(/crossEntropy: 'target' value 4 at flat index 1 is out of range \[0, 4\)/);
      expect(() => d.crossEntropy(logits, d.tensor(Int32Array.from([0, 1])))).toThrow(d.ShapeError);
      expect(() => d.crossEntropy(logits, d.tensor([0, 1, 2]))).toThrow(/probability 'target' \[3\]/);
      expect(() => d.crossEntropy(logits, d.tensor(Int32Array.from([0, 1, 2])), { reduction: 'avg' as 'mean' })).toThrow(d.ValueError);
      expect(() => d.crossEntropy(logits, d.tensor(Int32Array.from([0, 1, 2])), { weight: d.ones([3]) })).toThrow(/'weight' must have shape \[4\]/);
    });
  });
});

describe('nllLoss', () => {
  it('picks -logProbs[target] with the weighted mean', () => {
    d.tidy(() => {
      const logp = d.logSoftmax(d.randn([4, 3]));
      const v = logp.arraySync() as number[][];
      const t = [2, 0, 1, 2];
      const w = [1, 2, 0.5];
      const num = t.reduce((s, k, i) => s - w[k] * v[i][k], 0);
      const den = t.reduce((s, k) => s + w[k], 0);
      close(d.nllLoss(logp, d.tensor(Int32Array.from(t)), { weight: d.tensor(w) }).item(), num / den);
    });
  });
});

describe('binary cross-entropy', () => {
  it('binaryCrossEntropy matches the formula and clamps log(0) to -100', () => {
    d.tidy(() => {
      const p = d.tensor([0.2, 0.9, 0, 1, 0.5]);
      const t = d.tensor([0, 1, 1, 1, 0.3]);
      const pv = [0.2, 0.9, 0, 1, 0.5].map(Math.fround);
      const tv = [0, 1, 1, 1, 0.3].map(Math.fround);
      const clampLog = (v: number) => Math.max(Math.log(v), -100);
      const per = pv.map((pi, i) => -(tv[i] * clampLog(pi) + (1 - tv[i]) * clampLog(1 - pi)));
      expect(worstRatio(d.binaryCrossEntropy(p, t, { reduction: 'none' }).dataSync(), per, TOL, TOL)).toBeLessThanOrEqual(1);
      const w = d.tensor([1, 2, 3, 4, 5]);
      close(d.binaryCrossEntropy(p, t, { weight: w, reduction: 'sum' }).item(), per.reduce((s, v, i) => s + v * (i + 1), 0));
      expect(() => d.binaryCrossEntropy(d.tensor([1.5]), d.tensor([1]))).toThrow(/binaryCrossEntropy: 'input' must hold probabilities in \[0, 1\], found 1.5/);
    });
  });

  it('binaryCrossEntropyWithLogits equals BCE of the sigmoid, with posWeight, and stays finite for large logits', () => {
    d.tidy(() => {
      const x = d.randn([3, 4], { std: 3 });
      const t = d.rand([3, 4]);
      const pw = d.tensor([1, 2, 0.5, 3]);
      const xv = x.dataSync();
      const tv = t.dataSync();
      const sig = (v: number) => 1 / (1 + Math.exp(-v));
      let total = 0;
      for (let i = 0; i < 12; i++) {
        const pos = [1, 2, 0.5, 3][i % 4];
        total -= pos * tv[i] * Math.log(sig(xv[i])) + (1 - tv[i]) * Math.log(1 - sig(xv[i]));
      }
      close(d.binaryCrossEntropyWithLogits(x, t, { posWeight: pw }).item(), total / 12);
      const huge = d.binaryCrossEntropyWithLogits(d.tensor([200, -200]), d.tensor([0, 1]), { reduction: 'none' }).dataSync();
      expect(Array.from(huge)).toEqual([200, 200]);
    });
  });
});

describe('regression losses and klDiv', () => {
  it('match their formulas', () => {
    d.tidy(() => {
      const a = d.randn([4, 5]);
      const b = d.randn([4, 5]);
      const diff = Array.from(a.dataSync(), (v, i) => v - b.dataSync()[i]);
      const meanOf = (f: (v: number) => number) => diff.reduce((s, v) => s + f(v), 0) / diff.length;
      close(d.mseLoss(a, b).item(), meanOf((v) => v * v));
      close(d.l1Loss(a, b, { reduction: 'sum' }).item(), meanOf(Math.abs) * diff.length);
      const beta = 0.7;
      close(d.smoothL1Loss(a, b, { beta }).item(), meanOf((v) => (Math.abs(v) < beta ? (0.5 * v * v) / beta : Math.abs(v) - 0.5 * beta)));
      close(d.smoothL1Loss(a, b, { beta: 0 }).item(), meanOf(Math.abs));
      const delta = 0.8;
      close(d.huberLoss(a, b, { delta }).item(), meanOf((v) => (Math.abs(v) < delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta))));
      expect(() => d.mseLoss(a, d.randn([5, 4]))).toThrow(/mseLoss: 'input' \[4, 5\] and 'target' \[5, 4\]/);
    });
  });

  it('klDiv: t (log t - input), 0 where t = 0; batchmean divides by the batch', () => {
    d.tidy(() => {
      const input = d.logSoftmax(d.randn([3, 4]));
      const target = d.tensor([[0.5, 0.5, 0, 0], [0.1, 0.2, 0.3, 0.4], [1, 0, 0, 0]]);
      const iv = input.dataSync();
      const tv = target.dataSync();
      let total = 0;
      for (let i = 0; i < 12; i++) total += tv[i] > 0 ? tv[i] * (Math.log(tv[i]) - iv[i]) : 0;
      close(d.klDiv(input, target, { reduction: 'batchmean' }).item(), total / 3);
      close(d.klDiv(input, target).item(), total / 12);
      close(d.klDiv(input, d.log(d.add(target, 1e-3)), { logTarget: true, reduction: 'sum' }).item(),
        Array.from(tv).reduce((s, t, i) => s + (t + 1e-3) * (Math.log(Math.fround(t + 1e-3)) - iv[i]), 0));
    });
  });
});
