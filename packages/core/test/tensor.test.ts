import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

describe('Tensor basics', () => {
  it('infers shape and dtype and reads back', async () => {
    const t = d.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(t.backend).toBe('reference');
    expect(Array.from(await t.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await t.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    t.dispose();
    const i = d.tensor(new Int32Array([1, -2]));
    expect(i.dtype).toBe('int32');
    const b = d.tensor([true, false]);
    expect(b.dtype).toBe('bool');
    expect(b.arraySync()).toEqual([true, false]);
    d.dispose([i, b]);
  });

  it('prints like PyTorch', () => {
    d.tidy(() => {
      expect(d.tensor([1, 2.5]).toString()).toBe('tensor([1.0000, 2.5000])');
      expect(d.tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
      expect(d.tensor([1, 20], undefined, 'int32').toString()).toBe('tensor([ 1, 20], dtype=int32)');
      expect(d.tensor([true, false]).toString()).toBe('tensor([ True, False])');
      expect(d.scalar(3).toString()).toBe('tensor(3.)');
      expect(d.tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
      const big = d.arange(0, 2000).reshape([2, 1000]).toString();
      expect(big).toContain('...');
      expect(big.startsWith('tensor([[   0,    1,    2,  ...,  997,  998,  999],')).toBe(true);
      const g = d.tensor([1], undefined, { requiresGrad: true });
      expect(g.toString()).toBe('tensor([1.], requiresGrad=true)');
      expect(g.mul(2).toString()).toBe('tensor([2.], gradFn=<mul>)');
    });
  });

  it('creation ops', () => {
    d.tidy(() => {
      expect(d.zeros([2, 2]).arraySync()).toEqual([[0, 0], [0, 0]]);
      expect(d.ones([2], 'int32').arraySync()).toEqual([1, 1]);
      expect(d.full([2], 7).arraySync()).toEqual([7, 7]);
      expect(d.arange(4).arraySync()).toEqual([0, 1, 2, 3]);
      expect(d.arange(4).dtype).toBe('int32');
      expect(d.arange(0, 1, 0.25).arraySync()).toEqual([0, 0.25, 0.5, 0.75]);
      expect(d.linspace(0, 1, 5).arraySync()).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(d.eye(2, 3).arraySync()).toEqual([[1, 0, 0], [0, 1, 0]]);
      expect(d.zeros([0, 3]).size).toBe(0);
      const x = d.tensor([1, 2, 3]);
      expect(d.onesLike(x).arraySync()).toEqual([1, 1, 1]);
      expect(d.fullLike(x, 2).arraySync()).toEqual([2, 2, 2]);
    });
  });

  it('seeded random ops are reproducible and in range', () => {
    d.tidy(() => {
      d.seed(42);
      const a = d.randn([100]).dataSync().slice();
      const u = d.rand([100], { low: 2, high: 3 }).dataSync();
      d.seed(42);
      const b = d.randn([100]).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(u).every((v) => v >= 2 && v < 3)).toBe(true);
      const ri = d.randint(-2, 3, [200]);
      expect(ri.dtype).toBe('int32');
      const riv = Array.from(ri.dataSync());
      expect(Math.min(...riv)).toBe(-2);
      expect(Math.max(...riv)).toBe(2);
      const bern = Array.from(d.bernoulli(0.25, [4000]).dataSync());
      const rate = bern.reduce((s, v) => s + v, 0) / bern.length;
      // std of the rate is sqrt(.25*.75/4000) = 0.0068; 5 sigma
      expect(Math.abs(rate - 0.25)).toBeLessThan(0.035);
      const g1 = new d.Generator(5);
      const g2 = new d.Generator(5);
      expect(Array.from(d.rand([5], { generator: g1 }).dataSync())).toEqual(Array.from(d.rand([5], { generator: g2 }).dataSync()));
      expect(Array.from(g1.randomPermutation(10)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  it('elementwise and broadcasting values', () => {
    d.tidy(() => {
      const a = d.tensor([[1, 2, 3], [4, 5, 6]]);
      const b = d.tensor([10, 20, 30]);
      expect(a.add(b).arraySync()).toEqual([[11, 22, 33], [14, 25, 36]]);
      expect(a.sub(1).arraySync()).toEqual([[0, 1, 2], [3, 4, 5]]);
      expect(d.div(d.tensor([1, 2], undefined, 'int32'), 4).arraySync()).toEqual([0.25, 0.5]);
      expect(d.mod(d.tensor([-3, 3]), 2).arraySync()).toEqual([1, 1]);
      expect(d.maximum(d.tensor([1, 5]), 3).arraySync()).toEqual([3, 5]);
      expect(d.gt(a, 3).arraySync()).toEqual([[false, false, false], [true, true, true]]);
      expect(d.where(d.gt(a, 3), a, 0).arraySync()).toEqual([[0, 0, 0], [4, 5, 6]]);
      expect(d.clamp(d.tensor([-2, 0.5, 3]), 0, 1).arraySync()).toEqual([0, 0.5, 1]);
      expect(d.round(d.tensor([0.5, 1.5, 2.5, -0.5])).arraySync()).toEqual([0, 2, 2, -0]);
      expect(d.add(d.tensor([true]), d.tensor([true])).dtype).toBe('int32');
    });
  });

  it('reductions', () => {
    d.tidy(() => {
      const a = d.tensor([[1, 5], [3, 2]]);
      expect(d.sum(a).item()).toBe(11);
      expect(d.sum(a, 1).arraySync()).toEqual([6, 5]);
      expect(d.sum(a, 0, true).shape).toEqual([1, 2]);
      expect(d.mean(a).item()).toBe(2.75);
      expect(d.max(a, 0).arraySync()).toEqual([3, 5]);
      expect(d.min(a, 1).arraySync()).toEqual([1, 2]);
      expect(d.prod(a).item()).toBe(30);
      expect(d.argmax(a, 1).arraySync()).toEqual([1, 0]);
      expect(d.argmin(a).item()).toBe(0);
      expect(d.variance(d.tensor([1, 2, 3, 4])).item()).toBeCloseTo(5 / 3, 6);
      expect(d.std(d.tensor([1, 2, 3, 4]), undefined, { unbiased: false }).item()).toBeCloseTo(Math.sqrt(1.25), 6);
      expect(d.logSumExp(d.tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 3);
      expect(d.all(d.tensor([true, false])).item()).toBe(0);
      expect(d.any(d.tensor([true, false])).item()).toBe(1);
      expect(d.sum(d.zeros([0, 3]), 0).arraySync()).toEqual([0, 0, 0]);
    });
  });

  it('matmul shapes and values', () => {
    d.tidy(() => {
      const a = d.tensor([[1, 2], [3, 4]]);
      const b = d.tensor([[5, 6], [7, 8]]);
      expect(d.matmul(a, b).arraySync()).toEqual([[19, 22], [43, 50]]);
      expect(d.matmul(a, b, { transA: true }).arraySync()).toEqual([[26, 30], [38, 44]]);
      expect(d.matmul(a, b, { transB: true }).arraySync()).toEqual([[17, 23], [39, 53]]);
      expect(d.matmul(d.tensor([1, 1]), b).arraySync()).toEqual([12, 14]);
      expect(d.matmul(a, d.tensor([1, 1])).arraySync()).toEqual([3, 7]);
      expect(d.matmul(d.ones([4, 1, 2, 3]), d.ones([5, 3, 2])).shape).toEqual([4, 5, 2, 2]);
      expect(d.dot(d.tensor([1, 2]), d.tensor([3, 4])).item()).toBe(11);
      expect(d.outer(d.tensor([1, 2]), d.tensor([3, 4, 5])).arraySync()).toEqual([[3, 4, 5], [6, 8, 10]]);
    });
  });
});
