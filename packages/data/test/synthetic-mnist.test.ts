import * as d from '@dendrite/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { distortedMnist, loadMnistArrays, type MnistSplits, mnistSegmentation } from '../src/index.js';

let mnist: MnistSplits;
beforeAll(async () => {
  mnist = await loadMnistArrays();
});

describe('mnistSegmentation', () => {
  it('is seeded, puts 2-4 digits per canvas, and every mask pixel is bright', async () => {
    const a = mnistSegmentation(mnist.test, { count: 50, seed: 3 });
    const b = mnistSegmentation(mnist.test, { count: 50, seed: 3 });
    const c = mnistSegmentation(mnist.test, { count: 50, seed: 4 });
    expect(a.masks).toEqual(b.masks);
    expect(a.images).toEqual(b.images);
    expect(a.images).not.toEqual(c.images);
    // Mask pixels are digit pixels above the threshold 96 (rounded to bytes).
    let dark = 0;
    for (let i = 0; i < a.masks.length; i++) if (a.masks[i] > 0 && a.images[i] < 96) dark++;
    expect(dark).toBe(0);
    // Classes 1..10 all occur over 50 canvases, plus background.
    expect(new Set(a.masks).size).toBe(11);
    const { x, y } = a.getBatch(Int32Array.of(0, 7));
    expect(x.shape).toEqual([2, 1, 64, 64]);
    expect(y.shape).toEqual([2, 64, 64]);
    expect(y.dtype).toBe('int32');
    const xs = await x.data();
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    d.dispose([x, y]);
  });

  it('rejects impossible layouts', () => {
    expect(() => mnistSegmentation(mnist.test, { count: 1, digitSize: [20, 80] })).toThrow(/digitSize/);
    expect(() => mnistSegmentation(mnist.test, { count: 1, digits: [3, 2] })).toThrow(/digits/);
    expect(() => mnistSegmentation(mnist.test, { count: 0 })).toThrow(/count/);
  });
});

describe('distortedMnist', () => {
  it('is seeded, 42x42, keeps labels, and keeps most of each digit on the canvas', () => {
    const a = distortedMnist(mnist.test, { count: 40, seed: 1 });
    const b = distortedMnist(mnist.test, { count: 40, seed: 1 });
    expect(a.sampleShape).toEqual([1, 42, 42]);
    expect(a.images).toEqual(b.images);
    expect(Array.from(a.labels)).toEqual(Array.from(mnist.test.labels.subarray(0, 40)));
    // Ink ratio: zoom s scales the ink by about s², in [0.49, 1.44]; a digit cut off by the border would fall lower.
    for (let i = 0; i < 40; i++) {
      let src = 0;
      let dst = 0;
      for (let p = 0; p < 784; p++) src += mnist.test.images[i * 784 + p];
      for (let p = 0; p < 42 * 42; p++) dst += a.images[i * 42 * 42 + p];
      expect(dst / src).toBeGreaterThan(0.4);
      expect(dst / src).toBeLessThan(1.6);
    }
    // With no distortion the digit is the original, centred.
    const plain = distortedMnist(mnist.test, { count: 1, maxRotation: 0, scale: [1, 1], maxTranslation: 0 });
    const mid = 7; // (42 - 28) / 2
    for (let y = 0; y < 28; y += 3) for (let x = 0; x < 28; x += 3) expect(plain.images[(y + mid) * 42 + x + mid]).toBe(mnist.test.images[y * 28 + x]);
  });
});
