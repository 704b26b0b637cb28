import { DTypeError, flip, Generator, memory, ones, rand, ShapeError, type Tensor, tensor, tidy, transpose, ValueError } from '@dendrite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affine, RandomAffine, RandomRotation } from '../src/transforms/affine.js';
import { ColorJitter } from '../src/transforms/color-jitter.js';
import { Compose, RandomApply, RandomChoice } from '../src/transforms/compose.js';
import { CenterCrop, RandomCrop } from '../src/transforms/crop.js';
import { RandomHorizontalFlip, RandomVerticalFlip } from '../src/transforms/flip.js';
import { GaussianBlur, gaussianKernel1d } from '../src/transforms/gaussian-blur.js';
import { Grayscale, RandomGrayscale } from '../src/transforms/grayscale.js';
import { FiveCrop, TenCrop } from '../src/transforms/multi-crop.js';
import { Normalize } from '../src/transforms/normalize.js';
import { AlexNetPatches } from '../src/transforms/patches.js';
import { RandomErasing } from '../src/transforms/random-erasing.js';
import { RandomResizedCrop, RandomScaleJitter } from '../src/transforms/resized-crop.js';

const images = (shape: number[], seed = 1): Tensor => rand(shape, { generator: new Generator(seed) });

function maxAbsDiff(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Sample i of a batch as a flat array. */
function sample(t: Tensor, i: number): Float32Array {
  const per = t.size / t.shape[0];
  return (t.dataSync() as Float32Array).slice(i * per, (i + 1) * per);
}

let baseline = 0;
beforeEach(() => {
  baseline = memory().numTensors;
});
afterEach(() => {
  // Every transform frees its intermediates: only what a test keeps (none, all in tidy) may remain.
  expect(memory().numTensors).toBe(baseline);
});

describe('flips', () => {
  it('flipping twice with the same draws is the identity; flips are per sample', () => {
    tidy(() => {
      const x = images([16, 2, 5, 7]);
      for (const T of [RandomHorizontalFlip, RandomVerticalFlip]) {
        const t = new T(0.5);
        const once = t.apply(x, new Generator(3));
        const twice = t.apply(once, new Generator(3));
        expect(maxAbsDiff(twice, x)).toBe(0);
        const flipped = flip(x, T === RandomHorizontalFlip ? 3 : 2);
        let nFlipped = 0;
        for (let i = 0; i < 16; i++) {
          const s = sample(once, i);
          const isFlipped = s.every((v, k) => v === sample(flipped, i)[k]);
          const isSame = s.every((v, k) => v === sample(x, i)[k]);
          expect(isFlipped || isSame).toBe(true);
          if (isFlipped) nFlipped++;
        }
        expect(nFlipped).toBeGreaterThan(0);
        expect(nFlipped).toBeLessThan(16);
      }
      expect(maxAbsDiff(new RandomHorizontalFlip(1).apply(x), flip(x, 3))).toBe(0);
    });
  });
});

describe('crops', () => {
  it('RandomCrop windows have the requested shape and come from inside the (padded) image', () => {
    tidy(() => {
      const x = images([6, 2, 8, 9]);
      const y = new RandomCrop([5, 4]).apply(x, new Generator(2));
      expect(y.shape).toEqual([6, 2, 5, 4]);
      const px = x.dataSync();
      const offsets = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const s = sample(y, i);
        let found = '';
        for (let top = 0; top <= 3 && !found; top++) {
          for (let left = 0; left <= 5 && !found; left++) {
            const match = Array.from(s).every((v, k) => {
              const c = Math.floor(k / 20);
              const r = Math.floor((k % 20) / 4);
              return v === px[i * 144 + c * 72 + (top + r) * 9 + left + (k % 4)];
            });
            if (match) found = `${top},${left}`;
          }
        }
        expect(found).not.toBe('');
        offsets.add(found);
      }
      expect(offsets.size).toBeGreaterThan(1); // windows differ between samples
      const padded = new RandomCrop(8, { padding: 2, fill: -1 }).apply(x, new Generator(5));
      expect(padded.shape).toEqual([6, 2, 8, 8]);
      expect(() => new RandomCrop(10).apply(x)).toThrow(/RandomCrop: crop \[10, 10\] is larger than the images \[6, 2, 8, 9\]/);
    });
  });

  it('CenterCrop, FiveCrop and TenCrop', () => {
    tidy(() => {
      const x = tensor(Float32Array.from({ length: 2 * 1 * 4 * 4 }, (_, i) => i), [2, 1, 4, 4]);
      expect(Array.from(new CenterCrop(2).apply(x).dataSync().slice(0, 4))).toEqual([5, 6, 9, 10]);
      const five = new FiveCrop(2).apply(x);
      expect(five.shape).toEqual([2, 5, 1, 2, 2]);
      // Sample 0: top-left, top-right, bottom-left, bottom-right, center.
      expect(Array.from(five.dataSync().slice(0, 20))).toEqual([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15, 5, 6, 9, 10]);
      const ten = new TenCrop(2).apply(x);
      expect(ten.shape).toEqual([2, 10, 1, 2, 2]);
      expect(Array.from(ten.dataSync().slice(20, 24))).toEqual([3, 2, 7, 6]); // mirrored top-left
      const patches = new AlexNetPatches(3).apply(x, new Generator(0));
      expect(patches.shape).toEqual([2, 1, 3, 3]);
    });
  });

  it('RandomResizedCrop and RandomScaleJitter sample only inside the image', () => {
    tidy(() => {
      // A constant image: any sample point outside it would read the zero padding and pull values below 1.
      const x = ones([8, 3, 20, 30]);
      for (const t of [new RandomResizedCrop([12, 10]), new RandomScaleJitter([24, 40], 16)]) {
        const y = t.apply(x, new Generator(4));
        expect(y.shape).toEqual([8, 3, ...(t instanceof RandomResizedCrop ? [12, 10] : [16, 16])]);
        expect(maxAbsDiff(y, ones(y.shape as number[]))).toBeLessThan(1e-6);
      }
      // The whole image resized to its own size is the identity.
      const z = images([2, 1, 6, 6]);
      expect(maxAbsDiff(new RandomResizedCrop(6, { scale: [1, 1], ratio: [1, 1] }).apply(z, new Generator(0)), z)).toBeLessThan(1e-6);
      expect(() => new RandomScaleJitter([100, 200], 224)).toThrow(ValueError);
    });
  });
});

describe('affine', () => {
  it('rotation and translation by 0 are the identity within 1e-6', () => {
    tidy(() => {
      const x = images([3, 2, 7, 9]);
      expect(maxAbsDiff(affine(x, { angle: 0 }), x)).toBeLessThan(1e-6);
      expect(maxAbsDiff(affine(x, { translate: [0, 0] }), x)).toBeLessThan(1e-6);
      expect(maxAbsDiff(new RandomRotation(0).apply(x), x)).toBeLessThan(1e-6);
    });
  });

  it('rotation by 90° is a transpose and a flip; integer translation is a shift', () => {
    tidy(() => {
      const x = images([2, 3, 6, 6]);
      // Counter-clockwise on screen, as np.rot90: out[r][c] = in[c][W-1-r].
      expect(maxAbsDiff(affine(x, { angle: 90 }), flip(transpose(x, 2, 3), 2))).toBeLessThan(1e-5);
      expect(maxAbsDiff(affine(affine(x, { angle: 90 }), { angle: -90 }), x)).toBeLessThan(1e-5);
      const shifted = affine(x, { translate: [2, 1] }).dataSync();
      const px = x.dataSync();
      for (let r = 0; r < 6; r++) {
        for (let c = 0; c < 6; c++) {
          const expected = r >= 1 && c >= 2 ? px[(r - 1) * 6 + c - 2] : 0;
          expect(Math.abs(shifted[r * 6 + c] - expected)).toBeLessThan(1e-5);
        }
      }
    });
  });

  it('RandomAffine draws per sample and is reproducible', () => {
    tidy(() => {
      const x = images([4, 1, 10, 10]);
      const t = new RandomAffine({ degrees: 30, translate: [0.2, 0.2], scale: [0.8, 1.2], shear: 10 });
      const a = t.apply(x, new Generator(9));
      expect(maxAbsDiff(a, t.apply(x, new Generator(9)))).toBe(0);
      expect(maxAbsDiff(a, t.apply(x, new Generator(10)))).toBeGreaterThan(0.01);
      // A constant image with border padding stays constant under any affine map.
      const c = new RandomAffine({ degrees: 45, scale: [0.5, 2], padding: 'border' }).apply(ones([3, 1, 8, 8]), new Generator(1));
      expect(maxAbsDiff(c, ones([3, 1, 8, 8]))).toBeLessThan(1e-6);
      expect(() => new RandomAffine({ scale: [2, 1] })).toThrow(/'scale' must be \[low, high\]/);
    });
  });
});

describe('color transforms', () => {
  it('ColorJitter with zero strength is the identity; brightness scales per sample', () => {
    tidy(() => {
      const x = images([5, 3, 4, 4]);
      expect(maxAbsDiff(new ColorJitter({ brightness: 0, contrast: 0, saturation: 0, hue: 0 }).apply(x, new Generator(1)), x)).toBe(0);
      expect(maxAbsDiff(new ColorJitter({ brightness: [1, 1], hue: [0, 0] }).apply(x), x)).toBe(0);
      // Brightness factors in [0.5, 0.9]: no clipping, so each sample is x times one factor.
      const y = new ColorJitter({ brightness: [0.5, 0.9] }).apply(x, new Generator(2));
      const factors = [];
      for (let i = 0; i < 5; i++) {
        const ys = sample(y, i);
        const xs = sample(x, i);
        const f = ys[0] / xs[0];
        expect(f).toBeGreaterThanOrEqual(0.5);
        expect(f).toBeLessThanOrEqual(0.9);
        xs.forEach((v, k) => expect(Math.abs(ys[k] - v * f)).toBeLessThan(1e-6));
        factors.push(f);
      }
      expect(new Set(factors.map((f) => f.toFixed(5))).size).toBe(5);
      const all = new ColorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 }).apply(x, new Generator(3));
      const v = all.dataSync();
      expect(v.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(maxAbsDiff(all, x)).toBeGreaterThan(0.01);
    });
  });

  it('Grayscale, RandomGrayscale and Normalize', () => {
    tidy(() => {
      const x = images([4, 3, 2, 2]);
      const g = new Grayscale(3).apply(x);
      expect(g.shape).toEqual([4, 3, 2, 2]);
      const gs = sample(g, 0);
      expect(gs.slice(0, 4)).toEqual(gs.slice(4, 8));
      const xs = sample(x, 0);
      expect(gs[0]).toBeCloseTo(0.299 * xs[0] + 0.587 * xs[4] + 0.114 * xs[8], 6);
      expect(maxAbsDiff(new RandomGrayscale(1).apply(x), g)).toBeLessThan(1e-7);
      expect(maxAbsDiff(new RandomGrayscale(0).apply(x), x)).toBe(0);
      const n = new Normalize([0.5, 0.25, 0], [0.5, 2, 1]).apply(x);
      const ns = sample(n, 0);
      // float32 subtract and divide: within 1e-6 of the float64 value.
      xs.forEach((v, k) => expect(Math.abs(ns[k] - (v - [0.5, 0.25, 0][k >> 2]) / [0.5, 2, 1][k >> 2])).toBeLessThan(1e-6));
      expect(() => new Normalize([0.5], [0.5]).apply(x)).toThrow(ShapeError);
    });
  });

  it('GaussianBlur matches a float64 reflect-padded convolution', () => {
    tidy(() => {
      const x = images([2, 2, 6, 7]);
      const y = new GaussianBlur(5, 1.3).apply(x, new Generator(0));
      const k = Array.from(gaussianKernel1d(5, 1.3));
      expect(Math.abs(k.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
      const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
      const px = x.dataSync();
      const py = y.dataSync();
      for (let plane = 0; plane < 4; plane++) {
        for (let r = 0; r < 6; r++) {
          for (let c = 0; c < 7; c++) {
            let acc = 0;
            for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) acc += k[i] * k[j] * px[plane * 42 + reflect(r + i - 2, 6) * 7 + reflect(c + j - 2, 7)];
            // 25 float32 products summed: 1e-5 absolute covers the rounding.
            expect(Math.abs(py[plane * 42 + r * 7 + c] - acc)).toBeLessThan(1e-5);
          }
        }
      }
      expect(() => new GaussianBlur(4)).toThrow(/positive odd integer, got 4/);
    });
  });

  it('RandomErasing writes one rectangle per erased sample and keeps the rest', () => {
    tidy(() => {
      const x = images([6, 2, 10, 10]);
      const y = new RandomErasing({ p: 1, value: 7 }).apply(x, new Generator(1));
      for (let i = 0; i < 6; i++) {
        const ys = sample(y, i);
        const xs = sample(x, i);
        const erased: number[] = [];
        ys.forEach((v, k) => (v === 7 ? erased.push(k % 100) : expect(v).toBe(xs[k])));
        expect(erased.length).toBeGreaterThan(0);
        const rows = erased.map((p) => Math.floor(p / 10));
        const cols = erased.map((p) => p % 10);
        const area = (Math.max(...rows) - Math.min(...rows) + 1) * (Math.max(...cols) - Math.min(...cols) + 1);
        expect(erased.length).toBe(2 * area); // a full rectangle, in both channels
      }
    });
  });
});

describe('composition and reproducibility', () => {
  it('the same seed gives the same batch twice; RandomApply and RandomChoice decide per sample', () => {
    tidy(() => {
      const x = images([8, 3, 12, 12]);
      const pipeline = new Compose([
        new RandomResizedCrop(10),
        new RandomHorizontalFlip(),
        new RandomApply([new ColorJitter({ brightness: 0.3, hue: 0.05 })], 0.8),
        new RandomChoice([new RandomRotation(20), new GaussianBlur(3)]),
        new RandomErasing(),
        new Normalize([0.5, 0.5, 0.5], [0.25, 0.25, 0.25]),
      ]);
      const a = pipeline.apply(x, new Generator(42));
      const b = pipeline.apply(x, new Generator(42));
      expect(a.shape).toEqual([8, 3, 10, 10]);
      expect(maxAbsDiff(a, b)).toBe(0);
      const flipOrNot = new RandomApply([new RandomHorizontalFlip(1)], 0.5).apply(x, new Generator(6));
      const flipped = flip(x, 3);
      const kinds = new Set<string>();
      for (let i = 0; i < 8; i++) kinds.add(sample(flipOrNot, i).every((v, k) => v === sample(flipped, i)[k]) ? 'flipped' : 'same');
      expect(kinds).toEqual(new Set(['flipped', 'same']));
      expect(() => new RandomApply([new RandomCrop(4)], 1).apply(x)).toThrow(/must keep the image shape/);
    });
  });

  it('accepts a single CHW image and rejects non-float or wrongly shaped input', () => {
    tidy(() => {
      expect(new RandomHorizontalFlip(1).apply(images([3, 4, 5])).shape).toEqual([3, 4, 5]);
      expect(() => new RandomHorizontalFlip().apply(tensor([1, 2], [1, 1, 1, 2], 'int32'))).toThrow(DTypeError);
      expect(() => new RandomHorizontalFlip().apply(images([4, 5]))).toThrow(/RandomHorizontalFlip: images must be \[N, C, H, W\] or \[C, H, W\], got \[4, 5\]/);
    });
  });
});
