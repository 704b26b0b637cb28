// The fused kernels against core's reference backend (float64 math) on
// random inputs: conv2d and both gradients (grouped, strided, dilated,
// padded), pooling forward/backward, softmax/logSoftmax, batch/layer norm,
// grid sample.
import type { Conv2dAttrs, FusedKernels, Pool2dAttrs } from '@dendrite/core';
import { afterAll, describe, it } from 'vitest';
import { openBackend, randomData } from './helpers.js';
import { Twin } from './twin.js';

const { backend, reason } = await openBackend();
afterAll(() => backend?.dispose?.());

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const fused = (k: unknown) => k as FusedKernels;

describe.skipIf(!backend)(`webgpu fused kernels${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const tw = backend ? new Twin(backend) : (undefined as unknown as Twin);

  it('conv2d, conv2dBackpropInput and conv2dBackpropFilter', async () => {
    const cases: { x: number[]; w: number[]; y: number[]; attrs: Conv2dAttrs }[] = [
      { x: [2, 3, 9, 8], w: [4, 3, 3, 3], y: [2, 4, 9, 8], attrs: { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
      { x: [1, 4, 11, 10], w: [6, 2, 3, 2], y: [1, 6, 4, 5], attrs: { stride: [2, 2], pad: [0, 1, 1, 0], dilation: [2, 1], groups: 2 } },
    ];
    for (const { x, w, y, attrs } of cases) {
      const tx = tw.put('float32', x, randomData(size(x), 1));
      const tW = tw.put('float32', w, randomData(size(w), 2));
      const tdy = tw.put('float32', y, randomData(size(y), 3));
      const out = tw.put('float32', y);
      tw.run((k, s) => fused(k).conv2d(tx[s], tW[s], out[s], attrs));
      // float32 sums of ≤ 27 products (forward, input grad) or ≤ 144 (filter grad) of values in [-1, 1).
      await tw.expectClose(out, 1e-5, 1e-5, `conv2d ${JSON.stringify(attrs)}`);
      const dx = tw.put('float32', x);
      tw.run((k, s) => fused(k).conv2dBackpropInput(tdy[s], tW[s], dx[s], attrs));
      await tw.expectClose(dx, 1e-5, 1e-5, `conv2dBackpropInput ${JSON.stringify(attrs)}`);
      const dw = tw.put('float32', w);
      tw.run((k, s) => fused(k).conv2dBackpropFilter(tx[s], tdy[s], dw[s], attrs));
      await tw.expectClose(dw, 3e-5, 1e-5, `conv2dBackpropFilter ${JSON.stringify(attrs)}`);
    }
  });

  it('max and average pooling, forward and backward, with padding and ties', async () => {
    const x = [2, 2, 7, 6];
    // Values rounded to halves so windows hold ties (the first in row-major order must win).
    const tx = tw.put('float32', x, Array.from(randomData(size(x), 4, -2, 2), (v) => Math.round(v * 2) / 2));
    const cases: { y: number[]; attrs: Pool2dAttrs }[] = [
      { y: [2, 2, 4, 3], attrs: { kernel: [3, 2], stride: [2, 2], pad: [1, 1, 0, 0], countIncludePad: false } },
      { y: [2, 2, 7, 6], attrs: { kernel: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], countIncludePad: true } },
    ];
    for (const { y, attrs } of cases) {
      const label = JSON.stringify(attrs);
      const tdy = tw.put('float32', y, randomData(size(y), 5));
      const mp = tw.put('float32', y);
      tw.run((k, s) => fused(k).maxPool2d(tx[s], mp[s], attrs));
      await tw.expectClose(mp, 0, 0, `maxPool2d ${label}`);
      const mpb = tw.put('float32', x);
      tw.run((k, s) => fused(k).maxPool2dBackward(tdy[s], tx[s], mpb[s], attrs));
      // A cell may collect dy from up to 9 windows: float32 sums, a few ulps.
      await tw.expectClose(mpb, 1e-6, 1e-6, `maxPool2dBackward ${label}`);
      const ap = tw.put('float32', y);
      tw.run((k, s) => fused(k).avgPool2d(tx[s], ap[s], attrs));
      await tw.expectClose(ap, 1e-6, 1e-6, `avgPool2d ${label}`);
      const apb = tw.put('float32', x);
      tw.run((k, s) => fused(k).avgPool2dBackward(tdy[s], apb[s], attrs));
      await tw.expectClose(apb, 1e-6, 1e-6, `avgPool2dBackward ${label}`);
    }
  });

  it('softmax, logSoftmax and layerNorm over rows shorter and longer than a workgroup', async () => {
    for (const shape of [[3, 5], [2, 3, 130], [7]]) {
      const x = tw.put('float32', shape, randomData(size(shape), 6, -8, 8));
      for (const op of ['softmax', 'logSoftmax'] as const) {
        const out = tw.put('float32', shape);
        tw.run((k, s) => fused(k)[op](x[s], out[s]));
        // exp of arguments in [-16, 0] and a pairwise float32 sum of ≤ 130 terms: a few ulps.
        await tw.expectClose(out, 1e-6, 4e-6, `${op} ${JSON.stringify(shape)}`);
      }
      const d = shape[shape.length - 1];
      const gamma = tw.put('float32', [d], randomData(d, 7));
      const beta = tw.put('float32', [d], randomData(d, 8));
      const ln = tw.put('float32', shape);
      tw.run((k, s) => fused(k).layerNorm(x[s], gamma[s], beta[s], ln[s], 1e-5));
      // Normalized values are O(3); mean and variance are float32 pairwise sums.
      await tw.expectClose(ln, 1e-5, 1e-5, `layerNorm ${JSON.stringify(shape)}`);
    }
  });

  it('batchNorm with per-channel statistics', async () => {
    const shape = [2, 3, 4, 5];
    const x = tw.put('float32', shape, randomData(size(shape), 9, -3, 3));
    const [mean, gamma, beta] = [10, 11, 12].map((seed) => tw.put('float32', [3], randomData(3, seed)));
    const variance = tw.put('float32', [3], randomData(3, 13, 0.1, 2));
    const out = tw.put('float32', shape);
    tw.run((k, s) => fused(k).batchNorm(x[s], mean[s], variance[s], gamma[s], beta[s], out[s], 1e-5));
    await tw.expectClose(out, 1e-6, 1e-6, 'batchNorm');
  });

  it('gridSample in every mode, padding and corner alignment', async () => {
    const x = tw.put('float32', [2, 3, 5, 6], randomData(180, 14));
    // Grid points reach past [-1, 1] so both padding modes matter.
    const grid = tw.put('float32', [2, 4, 3, 2], randomData(48, 15, -1.2, 1.2));
    for (const mode of ['bilinear', 'nearest'] as const)
      for (const padding of ['zeros', 'border'] as const)
        for (const alignCorners of [false, true]) {
          const out = tw.put('float32', [2, 3, 4, 3]);
          tw.run((k, s) => fused(k).gridSample(x[s], grid[s], out[s], { mode, padding, alignCorners }));
          // Bilinear weights from float32 coordinates: ~1e-6 relative error in the weights.
          await tw.expectClose(out, 2e-6, 2e-6, `gridSample ${mode} ${padding} ${alignCorners}`);
        }
  });
});
