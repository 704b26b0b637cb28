import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

/** float64 oracle: value and flat index of each window's first maximum (PyTorch's return_indices). */
function oracle(x: Float32Array, [n, c, h, w]: number[], k: number, s: number, p: number): { values: number[]; indices: number[]; oh: number; ow: number } {
  const oh = Math.floor((h + 2 * p - k) / s) + 1;
  const ow = Math.floor((w + 2 * p - k) / s) + 1;
  const values: number[] = [];
  const indices: number[] = [];
  for (let plane = 0; plane < n * c; plane++) {
    for (let y = 0; y < oh; y++) {
      for (let xx = 0; xx < ow; xx++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            const r = y * s + i - p;
            const col = xx * s + j - p;
            if (r < 0 || r >= h || col < 0 || col >= w) continue;
            const v = x[plane * h * w + r * w + col];
            if (v > best) {
              best = v;
              at = r * w + col;
            }
          }
        }
        values.push(best);
        indices.push(at);
      }
    }
  }
  return { values, indices, oh, ow };
}

describe('maxPool2dWithIndices / maxUnpool2d', () => {
  for (const [k, s, p] of [
    [2, 2, 0],
    [3, 2, 1],
    [3, 1, 1],
  ]) {
    it(`matches the oracle (kernel ${k}, stride ${s}, padding ${p}), ties included`, async () => {
      const before = d.memory().numTensors;
      const shape = [2, 3, 7, 6];
      // Rounded values make ties, which must resolve to the first maximum in row-major order.
      const host = Float32Array.from({ length: 2 * 3 * 7 * 6 }, () => Math.round(d.defaultGenerator.uniform() * 6));
      const x = d.tensor(host, shape);
      const [y, idx] = d.maxPool2dWithIndices(x, { kernelSize: k, stride: s, padding: p });
      const want = oracle(host, shape, k, s, p);
      expect(y.shape).toEqual([2, 3, want.oh, want.ow]);
      expect(idx.dtype).toBe('int32');
      expect(Array.from(await y.data())).toEqual(want.values);
      expect(Array.from(await idx.data())).toEqual(want.indices);
      d.dispose([x, y, idx]);
      expect(d.memory().numTensors).toBe(before);
    });
  }

  it('unpooling puts each value back at its index and zeros elsewhere', async () => {
    const x = d.tensor([1, 5, 2, 0, 3, 4, 8, 7, 6, 9, 1, 2, 0, 0, 3, 1], [1, 1, 4, 4]);
    const [y, idx] = d.maxPool2dWithIndices(x, { kernelSize: 2 });
    expect(Array.from(await y.data())).toEqual([5, 8, 9, 3]);
    const u = d.maxUnpool2d(y, idx, [4, 4]);
    expect(Array.from(await u.data())).toEqual([0, 5, 0, 0, 0, 0, 8, 0, 0, 9, 0, 0, 0, 0, 3, 0]);
    d.dispose([x, y, idx, u]);
  });

  it('rejects bad arguments with typed errors naming the argument', () => {
    const y = d.randn([1, 2, 2, 2]);
    const idx = d.zeros([1, 2, 2, 2], 'int32');
    expect(() => d.maxUnpool2d(y, d.zeros([1, 2, 2, 2]), [4, 4])).toThrow(d.DTypeError);
    expect(() => d.maxUnpool2d(y, d.zeros([1, 2, 2, 3], 'int32'), [4, 4])).toThrow(/'indices' \[1, 2, 2, 3\]/);
    expect(() => d.maxUnpool2d(y, idx, [4] as never)).toThrow(/outputSize/);
    expect(() => d.maxUnpool2d(y, d.full([1, 2, 2, 2], 16, 'int32'), [4, 4])).toThrow(/indices/);
    expect(() => d.maxPool2dWithIndices(d.randn([2, 2]), { kernelSize: 2 })).toThrow(d.ShapeError);
  });
});
