import { dispose, memory, type Tensor } from '@dendrite/core';
import { beforeAll, describe, expect, it } from 'vitest';

// Loops, not Math.min(...a): spreading 200k values overflows the call stack.
const minOf = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.min(m, v), Infinity);
const maxOf = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, v), -Infinity);
import { type MnistDatasets, mnist } from '../src/datasets/mnist.js';
import { DataLoader } from '../src/loader/data-loader.js';

describe('mnist() through the DataLoader', () => {
  let data: MnistDatasets;
  beforeAll(async () => {
    data = await mnist();
  });

  it('gives { x: [B, 1, 28, 28] float32 in [0, 1], y: [B] int32 } batches matching the raw bytes', async () => {
    const before = memory().numTensors;
    expect([data.train.length, data.test.length]).toEqual([60000, 10000]);
    const loader = new DataLoader(data.train, { batchSize: 256, shuffle: true, seed: 0 });
    expect(loader.length).toBe(Math.ceil(60000 / 256));
    let first: { x: Tensor; y: Tensor } | undefined;
    for await (const batch of loader) {
      first = batch;
      break;
    }
    const { x, y } = first as { x: Tensor; y: Tensor };
    expect([x.shape, x.dtype, y.shape, y.dtype]).toEqual([[256, 1, 28, 28], 'float32', [256], 'int32']);
    const px = await x.data();
    expect(minOf(px)).toBe(0);
    expect(maxOf(px)).toBe(1);
    // Find each sample's source image by its label and pixels: the shuffle must keep pairs together.
    const labels = await y.data();
    const img0 = Array.from(px.subarray(0, 784), (v) => Math.round(v * 255));
    let found = -1;
    for (let i = 0; i < 60000 && found < 0; i++) {
      if (data.train.labels[i] === labels[0] && data.train.images.subarray(i * 784, i * 784 + 784).every((b, k) => b === img0[k])) found = i;
    }
    expect(found).toBeGreaterThanOrEqual(0);
    dispose([x, y]);
    // The same seed gives the same first batch.
    const again = new DataLoader(data.train, { batchSize: 256, shuffle: true, seed: 0 });
    for await (const b of again) {
      expect(Array.from(await b.y.data())).toEqual(Array.from(labels));
      dispose([b.x, b.y]);
      break;
    }
    expect(memory().numTensors).toBe(before);
  });

  it('normalizes with the MNIST mean and std when asked', async () => {
    const norm = await mnist({ normalize: true });
    const { x, y } = norm.test.getBatch(Int32Array.from({ length: 2000 }, (_, i) => i));
    const v = await x.data();
    let mean = 0;
    for (const p of v) mean += p;
    mean /= v.length;
    // 2000 test images: the mean of normalized pixels is near 0 (0.1307 is the training mean).
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(minOf(v)).toBeCloseTo(-0.1307 / 0.3081, 5);
    dispose([x, y]);
  });
});
