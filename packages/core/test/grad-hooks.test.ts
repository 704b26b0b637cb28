// onGradReady: each leaf that received a gradient is announced exactly once
// per backward, when its gradient is final (later nodes add nothing to it).
import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

describe('onGradReady', () => {
  it('fires once per reached leaf, after its last contribution, in the order backward completes them', () => {
    const before = d.memory().numTensors;
    const w1 = d.tensor([[0.3, -1.2], [0.7, 0.25]], undefined, { requiresGrad: true });
    const w2 = d.tensor([[1.5, -0.4], [0.2, 0.9]], undefined, { requiresGrad: true });
    const unused = d.tensor([2.5], undefined, { requiresGrad: true });
    const x = d.tensor([[0.6, -0.8]]);
    const seen: { id: number; grad: number[] }[] = [];
    const off = d.onGradReady((leaf) => seen.push({ id: leaf.id, grad: Array.from(leaf.grad!.dataSync()) }));
    d.tidy(() => {
      // w1 is used twice: at the input layer and again at the end, so its gradient is complete only after the first layer's backward.
      const h = x.matmul(w1).relu();
      const y = h.matmul(w2).matmul(w1).sum();
      y.backward();
    });
    off();
    expect(seen.map((s) => s.id).sort()).toEqual([w1.id, w2.id].sort());
    expect(seen.findIndex((s) => s.id === w2.id)).toBeLessThan(seen.findIndex((s) => s.id === w1.id));
    // The values seen by the hook are the final gradients.
    expect(seen.find((s) => s.id === w1.id)!.grad).toEqual(Array.from(w1.grad!.dataSync()));
    expect(seen.find((s) => s.id === w2.id)!.grad).toEqual(Array.from(w2.grad!.dataSync()));
    expect(unused.grad).toBeNull();
    // Removed hooks stay silent; functional gradients never fire.
    d.tidy(() => x.matmul(w2).sum().backward());
    d.dispose(d.tidy(() => d.grad((w: d.Tensor) => x.matmul(w).sum())(w2)));
    expect(seen).toHaveLength(2);
    for (const t of [w1, w2, unused, x]) {
      t.grad?.dispose();
      t.dispose();
    }
    expect(d.memory().numTensors).toBe(before);
  });
});
