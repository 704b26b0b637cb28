import { beforeEach, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { arr, gridSampleOracle, worstRatio } from './nn-oracle.js';

// Sampling mixes 4 float32 values with weights computed in float32 from the
// grid: 1e-5 covers the rounding of coordinates of magnitude <= 10.
const TOL = 1e-5;
let start = 0;

beforeEach(() => {
  d.seed(13);
  start = d.memory().numTensors;
  return () => expect(d.memory().numTensors).toBe(start);
});

const identity = (n: number) => d.tensor(Array.from({ length: n }, () => [[1, 0, 0], [0, 1, 0]]));

describe('affineGrid', () => {
  it('maps output pixel centers through theta (PyTorch coordinates)', () => {
    d.tidy(() => {
      const g = d.affineGrid(identity(1), [1, 1, 2, 3]).arraySync() as number[][][][];
      // alignCorners = false: centers at (2i+1)/n - 1.
      expect(g[0][0].map((p) => p[0])).toEqual([-2 / 3, 0, 2 / 3].map(Math.fround));
      expect(g[0].map((r) => r[0][1])).toEqual([-0.5, 0.5]);
      const a = d.affineGrid(d.tensor([[[0, -1, 0.5], [2, 0, 0]]]), [1, 1, 2, 2], true).arraySync() as number[][][][];
      // (x, y) = (-1, -1) → (0·x - y + 0.5, 2x) = (1.5, -2)
      expect(a[0][0][0]).toEqual([1.5, -2]);
      expect(() => d.affineGrid(d.randn([1, 3, 3]), [1, 1, 2, 2])).toThrow(/affineGrid: 'theta' must be \[N, 2, 3\], got \[1, 3, 3\]/);
    });
  });
});

describe('gridSample', () => {
  for (const alignCorners of [false, true]) {
    for (const mode of ['bilinear', 'nearest'] as const) {
      it(`with the identity grid returns the input (${mode}, alignCorners = ${alignCorners})`, () => {
        d.tidy(() => {
          const x = d.randn([2, 3, 4, 5]);
          const grid = d.affineGrid(identity(2), x.shape, alignCorners);
          const y = d.gridSample(x, grid, { mode, alignCorners });
          expect(worstRatio(y.dataSync(), x.dataSync(), TOL, TOL)).toBeLessThanOrEqual(1);
        });
      });
    }
  }

  for (const mode of ['bilinear', 'nearest'] as const) {
    for (const paddingMode of ['zeros', 'border'] as const) {
      for (const alignCorners of [false, true]) {
        it(`matches the definition at random points, some outside (${mode}, ${paddingMode}, alignCorners = ${alignCorners})`, () => {
          d.tidy(() => {
            const x = d.randn([2, 2, 4, 3]);
            const grid = d.rand([2, 3, 5, 2], { low: -1.3, high: 1.3 });
            const y = d.gridSample(x, grid, { mode, paddingMode, alignCorners });
            const ref = gridSampleOracle(arr(x.dataSync(), [2, 2, 4, 3]), arr(grid.dataSync(), [2, 3, 5, 2]), mode, paddingMode, alignCorners);
            expect(y.shape).toEqual([2, 2, 3, 5]);
            expect(worstRatio(y.dataSync(), ref.data, TOL, TOL)).toBeLessThanOrEqual(1);
          });
        });
      }
    }
  }

  it('rejects a grid of the wrong shape or options', () => {
    d.tidy(() => {
      const x = d.randn([1, 1, 3, 3]);
      expect(() => d.gridSample(x, d.zeros([1, 2, 2, 3]))).toThrow(/gridSample: 'grid' must be \[N, OH, OW, 2\]/);
      expect(() => d.gridSample(x, d.zeros([2, 2, 2, 2]))).toThrow(d.ShapeError);
      expect(() => d.gridSample(x, d.zeros([1, 2, 2, 2]), { paddingMode: 'reflection' as 'zeros' })).toThrow(d.ValueError);
    });
  });
});
