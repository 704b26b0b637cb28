import * as d from '@dendrite/core';
import { gradcheck } from '@dendrite/core/testing';
import { describe, expect, it } from 'vitest';
import { DiceLoss, diceLoss } from '../src/index.js';

/** float64 oracle of the soft Dice loss over [N, C, L] logits. */
function oracle(logits: Float32Array, target: Int32Array, n: number, c: number, l: number, smooth: number, ignore?: number): number {
  const inter = new Float64Array(c);
  const total = new Float64Array(c);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < l; j++) {
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < c; k++) m = Math.max(m, logits[(b * c + k) * l + j]);
      let z = 0;
      for (let k = 0; k < c; k++) z += Math.exp(logits[(b * c + k) * l + j] - m);
      for (let k = 0; k < c; k++) {
        const p = Math.exp(logits[(b * c + k) * l + j] - m) / z;
        const t = target[b * l + j] === k ? 1 : 0;
        inter[k] += p * t;
        total[k] += p + t;
      }
    }
  }
  let sum = 0;
  let count = 0;
  for (let k = 0; k < c; k++) {
    if (k === ignore) continue;
    sum += (2 * inter[k] + smooth) / (total[k] + smooth);
    count++;
  }
  return 1 - sum / count;
}

describe('diceLoss', () => {
  it('matches a float64 oracle on random logits (spatial targets, ignored class)', async () => {
    d.seed(7);
    const logits = d.randn([2, 4, 3, 5]);
    const target = d.randint(0, 4, [2, 3, 5]);
    const host = await logits.data();
    const t = (await target.data()) as Int32Array;
    for (const opts of [{}, { smooth: 0.5, ignoreClass: 0 }]) {
      const got = (await diceLoss(logits, target, opts).data())[0];
      const want = oracle(host as Float32Array, Int32Array.from(t), 2, 4, 15, opts.smooth ?? 1, (opts as { ignoreClass?: number }).ignoreClass);
      expect(Math.abs(got - want)).toBeLessThan(1e-5); // float32 sums of 30 terms of size <= 1
    }
    expect((await new DiceLoss().forward(logits, target).data())[0]).toBeCloseTo(oracle(host as Float32Array, Int32Array.from(t), 2, 4, 15, 1), 5);
    d.dispose([logits, target]);
  });

  it('has the gradient of central finite differences, and is 0 for a perfect prediction', async () => {
    const before = d.memory().numTensors;
    const target = d.tensor(Int32Array.from([0, 2, 1, 1, 2, 0]), [2, 3], 'int32');
    const x = d.randn([2, 3, 3]);
    const r = gradcheck((l) => diceLoss(l, target), [x]);
    expect(r.failures).toEqual([]);
    const perfect = d.tidy(() => diceLoss(d.oneHot(target, 3).permute(0, 2, 1).cast('float32').mul(100), target, { smooth: 0 }));
    expect((await perfect.data())[0]).toBeCloseTo(0, 5);
    d.dispose([target, x, perfect]);
    expect(d.memory().numTensors).toBe(before);
  });

  it('rejects mismatched shapes and float targets', () => {
    const l = d.zeros([2, 3, 4]);
    expect(() => diceLoss(l, d.zeros([2, 5], 'int32'))).toThrow(/'target' \[2, 5\] must be 'logits' \[2, 3, 4\]/);
    expect(() => diceLoss(l, d.zeros([2, 4]))).toThrow(d.DTypeError);
  });
});
