import { beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { arr, pool2dOracle, worstRatio } from './nn-oracle.js';

// Pooling moves float32 values (max: exact) or averages up to 9 of them
// (float32 result rounding, 2^-24 relative): 1e-6 tolerances are generous.
const TOL = 1e-6;
const host = (t: d.Tensor) => arr(t.dataSync(), t.shape.slice());
let start = 0;

beforeEach(() => {
  d.seed(11);
  start = d.memory().numTensors;
  return () => expect(d.memory().numTensors).toBe(start);
});

describe('maxPool2d', () => {
  it('matches the definition with stride != kernel and padding (padding never wins)', () => {
    d.tidy(() => {
      // All-negative input: a zero-padded max would be wrong at the borders.
      const x = d.sub(d.rand([2, 3, 7, 6]), 2);
      const y = d.maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1 });
      const ref = pool2dOracle(host(x), 'max', [3, 3], [2, 2], [1, 1]);
      expect(y.shape).toEqual(ref.shape);
      expect(worstRatio(y.dataSync(), ref.data, TOL, TOL)).toBeLessThanOrEqual(1);
    });
  });

  it('keeps the last partial window with ceilMode', () => {
    d.tidy(() => {
      const x = d.randn([1, 2, 5, 7]);
      const y = x.maxPool2d({ kernelSize: 2, ceilMode: true });
      const ref = pool2dOracle(host(x), 'max', [2, 2], [2, 2], [0, 0], { ceil: true });
      expect(y.shape).toEqual([1, 2, 3, 4]);
      expect(worstRatio(y.dataSync(), ref.data, TOL, TOL)).toBeLessThanOrEqual(1);
    });
  });

  it('routes the gradient to the window maximum', () => {
    d.tidy(() => {
      const x = d.tensor([[[[1, 5, 2, 0], [3, 4, 8, 1]]]], undefined, { requiresGrad: true });
      d.sum(d.maxPool2d(x, { kernelSize: 2 })).backward();
      expect(Array.from(x.grad!.dataSync())).toEqual([0, 1, 0, 0, 0, 0, 1, 0]);
      x.grad!.dispose();
    });
  });

  it('rejects padding over half the kernel and a kernel larger than the input', () => {
    d.tidy(() => {
      const x = d.randn([1, 1, 4, 4]);
      expect(() => d.maxPool2d(x, { kernelSize: 2, padding: 2 })).toThrow(/maxPool2d: padding \[2,2,2,2\] must be at most half/);
      expect(() => d.maxPool2d(x, { kernelSize: 5 })).toThrow(d.ShapeError);
      expect(() => d.maxPool2d(x, {} as d.MaxPool2dOptions)).toThrow(/kernelSize/);
    });
  });
});

describe('avgPool2d', () => {
  for (const countIncludePad of [true, false]) {
    it(`matches the definition with padding, countIncludePad = ${countIncludePad}`, () => {
      d.tidy(() => {
        const x = d.randn([2, 2, 6, 5]);
        const y = d.avgPool2d(x, { kernelSize: [3, 2], stride: [2, 1], padding: 1, countIncludePad });
        const ref = pool2dOracle(host(x), 'avg', [3, 2], [2, 1], [1, 1], { countIncludePad });
        expect(y.shape).toEqual(ref.shape);
        expect(worstRatio(y.dataSync(), ref.data, TOL, TOL)).toBeLessThanOrEqual(1);
      });
    });
  }
});

describe('adaptiveAvgPool2d', () => {
  /** PyTorch's bins, by definition. */
  function adaptiveOracle(x: d.Tensor, oh: number, ow: number): number[] {
    const [n, c, h, w] = x.shape;
    const v = x.dataSync();
    const out: number[] = [];
    for (let b = 0; b < n * c; b++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const [h0, h1] = [Math.floor((i * h) / oh), Math.ceil(((i + 1) * h) / oh)];
          const [w0, w1] = [Math.floor((j * w) / ow), Math.ceil(((j + 1) * w) / ow)];
          let s = 0;
          for (let y = h0; y < h1; y++) for (let xx = w0; xx < w1; xx++) s += v[b * h * w + y * w + xx];
          out.push(s / ((h1 - h0) * (w1 - w0)));
        }
    return out;
  }
  for (const [oh, ow] of [[3, 2], [1, 1], [4, 3], [8, 7]] as const) {
    it(`uses PyTorch's overlapping bins for ${oh}x${ow} from 6x5 (${6 % oh === 0 && 5 % ow === 0 ? 'divisible' : 'not divisible'})`, () => {
      d.tidy(() => {
        const x = d.randn([2, 3, 6, 5]);
        const y = d.adaptiveAvgPool2d(x, [oh, ow]);
        expect(y.shape).toEqual([2, 3, oh, ow]);
        // Averages of <= 30 float32 values, summed in another order: 1e-5.
        expect(worstRatio(y.dataSync(), adaptiveOracle(x, oh, ow), 1e-5, 1e-5)).toBeLessThanOrEqual(1);
      });
    });
  }
});

describe('interpolate', () => {
  it('nearest ×2 repeats every pixel in a 2×2 block', () => {
    d.tidy(() => {
      const x = d.randn([2, 3, 3, 4]);
      const y = d.interpolate(x, { scaleFactor: 2 });
      expect(y.shape).toEqual([2, 3, 6, 8]);
      const v = x.arraySync() as number[][][][];
      const u = y.arraySync() as number[][][][];
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 3; c++)
          for (let i = 0; i < 6; i++) for (let j = 0; j < 8; j++) expect(u[b][c][i][j]).toBe(v[b][c][i >> 1][j >> 1]);
    });
  });

  it('nearest to an explicit size picks floor(dst · in / out)', () => {
    d.tidy(() => {
      const x = d.arange(0, 5).float().reshape([1, 1, 1, 5]);
      expect(Array.from(d.interpolate(x, { size: [1, 3] }).dataSync())).toEqual([0, 1, 3]);
      expect(Array.from(d.interpolate(x, { size: [2, 7] }).dataSync())).toEqual([0, 0, 1, 2, 2, 3, 4, 0, 0, 1, 2, 2, 3, 4]);
    });
  });

  /** Bilinear by PyTorch's source-index rule, per axis. */
  function bilinearOracle(x: d.Tensor, oh: number, ow: number, align: boolean): number[] {
    const [n, c, h, w] = x.shape;
    const v = x.dataSync();
    const src = (dst: number, inn: number, out: number) => (align ? (out > 1 ? (dst * (inn - 1)) / (out - 1) : 0) : Math.max((dst + 0.5) * (inn / out) - 0.5, 0));
    const out: number[] = [];
    for (let b = 0; b < n * c; b++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const sy = src(i, h, oh);
          const sx = src(j, w, ow);
          const y0 = Math.floor(sy);
          const x0 = Math.floor(sx);
          const y1 = Math.min(y0 + 1, h - 1);
          const x1 = Math.min(x0 + 1, w - 1);
          const ty = sy - y0;
          const tx = sx - x0;
          const p = (yy: number, xx: number) => v[b * h * w + yy * w + xx];
          out.push((1 - ty) * ((1 - tx) * p(y0, x0) + tx * p(y0, x1)) + ty * ((1 - tx) * p(y1, x0) + tx * p(y1, x1)));
        }
    return out;
  }
  for (const alignCorners of [false, true]) {
    it(`bilinear matches PyTorch's formula (alignCorners = ${alignCorners}), up and down`, () => {
      d.tidy(() => {
        const x = d.randn([1, 2, 4, 5]);
        for (const [oh, ow] of [[7, 9], [3, 2]]) {
          const y = d.interpolate(x, { size: [oh, ow], mode: 'bilinear', alignCorners });
          // Two float32 matmuls of <= 2 non-zero weights per row: 1e-5.
          expect(worstRatio(y.dataSync(), bilinearOracle(x, oh, ow, alignCorners), 1e-5, 1e-5)).toBeLessThanOrEqual(1);
        }
      });
    });
  }

  it('rejects giving both or neither of size and scaleFactor', () => {
    d.tidy(() => {
      const x = d.randn([1, 1, 2, 2]);
      expect(() => d.interpolate(x, {})).toThrow(/interpolate: give exactly one/);
      expect(() => d.interpolate(x, { size: 4, scaleFactor: 2 })).toThrow(d.ValueError);
      expect(() => d.interpolate(x, { size: 4, mode: 'bicubic' as 'nearest' })).toThrow(/'mode'/);
    });
  });
});
