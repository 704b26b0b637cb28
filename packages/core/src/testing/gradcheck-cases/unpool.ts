// Max pooling with indices and max-unpooling (SegNet's encoder/decoder pair).
import * as d from '../../index.js';
import type { GradCase } from './types.js';

/** Distinct values, so every window has one maximum and finite differences never cross a tie. */
function distinct(shape: number[]): d.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = d.defaultGenerator.randomPermutation(n);
  return d.tensor(Float32Array.from(perm, (v) => (v - n / 2) / n + 0.01 * Math.sin(v)), shape);
}

export const cases: GradCase[] = [
  { op: 'maxPool2dWithIndices', fn: (x) => d.maxPool2dWithIndices(x, { kernelSize: 2 })[0], inputs: () => [distinct([2, 2, 4, 6])] },
  { op: 'maxPool2dWithIndices', name: 'overlapping, padded, ceil mode', fn: (x) => d.maxPool2dWithIndices(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true })[0], inputs: () => [distinct([1, 2, 6, 5])] },
  {
    op: 'maxUnpool2d',
    // Indices from a fixed input; the gradient flows to the unpooled values.
    fn: (y) => {
      const fixed = fixedInput();
      const [pooled, idx] = d.maxPool2dWithIndices(fixed, { kernelSize: 2 });
      fixed.dispose();
      pooled.dispose();
      const out = d.maxUnpool2d(y, idx, [4, 6]);
      idx.dispose();
      return out;
    },
    inputs: () => [d.randn([2, 3, 2, 3])],
  },
];

/**
 * The input whose pooling indices route the unpooling: distinct values in a
 * fixed order (37 is coprime with 144), made on the backend under test at
 * each call rather than once at import, so loading the kit allocates nothing.
 */
function fixedInput(): d.Tensor {
  const n = 2 * 3 * 4 * 6;
  return d.tensor(Float32Array.from({ length: n }, (_, i) => ((i * 37) % n) / n), [2, 3, 4, 6]);
}
