// Conformance cases of max/avg pooling and their gradients: padding,
// stride ≠ kernel (overlapping and gapped windows), non-square kernels,
// ceil-mode style extra bottom/right padding, countIncludePad both ways, ties.
import type { Pool2dAttrs } from '../backend/contract.js';
import { sizeOf } from '../shape.js';
import { accumulated, EXACT, hostTensor, type KernelCase, shapesLabel } from './conformance-case.js';
import { randomChoices, randomFloats, type SeededRandom } from './random-inputs.js';

interface PoolGeometry {
  x: [number, number, number, number];
  kernel: [number, number];
  stride: [number, number];
  pad: [number, number, number, number];
}

const POOL_GEOMETRIES: readonly PoolGeometry[] = [
  { x: [2, 3, 6, 6], kernel: [2, 2], stride: [2, 2], pad: [0, 0, 0, 0] },
  { x: [1, 2, 7, 5], kernel: [3, 3], stride: [2, 2], pad: [1, 1, 1, 1] },
  { x: [1, 2, 5, 6], kernel: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1] }, // overlapping windows
  { x: [1, 1, 8, 7], kernel: [2, 2], stride: [3, 3], pad: [0, 0, 0, 0] }, // gaps between windows
  { x: [2, 2, 6, 5], kernel: [3, 2], stride: [1, 2], pad: [1, 1, 0, 1] }, // non-square, asymmetric
  { x: [1, 2, 5, 5], kernel: [2, 2], stride: [2, 2], pad: [0, 1, 0, 1] }, // ceil mode's extra padding
];

function outputShape(g: PoolGeometry): number[] {
  const oh = Math.floor((g.x[2] + g.pad[0] + g.pad[1] - g.kernel[0]) / g.stride[0]) + 1;
  const ow = Math.floor((g.x[3] + g.pad[2] + g.pad[3] - g.kernel[1]) / g.stride[1]) + 1;
  return [g.x[0], g.x[1], oh, ow];
}

function label(g: PoolGeometry, attrs: Pool2dAttrs, shapes: number[][], out: readonly number[]): string {
  return `kernel [${g.kernel.join(', ')}] stride [${g.stride.join(', ')}] pad [${g.pad.join(', ')}] countIncludePad ${attrs.countIncludePad} ${shapesLabel(shapes, out)}`;
}

/** Where windows overlap, a cell's gradient sums up to ⌈k/s⌉² window contributions. */
function overlapTerms(g: PoolGeometry): number {
  return Math.ceil(g.kernel[0] / g.stride[0]) * Math.ceil(g.kernel[1] / g.stride[1]);
}

/**
 * maxPool2d / maxPool2dBackward / avgPool2d / avgPool2dBackward on every
 * geometry. Max is exact (it picks a value); its gradient sums dy over
 * overlapping windows, and averages sum k² values (both accumulated).
 * Tied inputs check that a max gradient goes to the first maximal cell.
 *
 * @example
 * ```ts
 * poolCases(new SeededRandom(1, 'pool')).maxPool2d.length; // > 0
 * ```
 */
export function poolCases(rng: SeededRandom): Record<'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d' | 'avgPool2dBackward', KernelCase[]> {
  const result = { maxPool2d: [] as KernelCase[], maxPool2dBackward: [] as KernelCase[], avgPool2d: [] as KernelCase[], avgPool2dBackward: [] as KernelCase[] };
  for (const g of POOL_GEOMETRIES) {
    const y = outputShape(g);
    for (const ties of [false, true]) {
      const xValues = () => (ties ? randomChoices(rng, sizeOf(g.x), [-1, 0.5, 1]) : randomFloats(rng, sizeOf(g.x)));
      const attrs: Pool2dAttrs = { kernel: g.kernel, stride: g.stride, pad: g.pad, countIncludePad: false };
      const tieNote = ties ? ' ties' : '';
      result.maxPool2d.push({
        kernel: 'maxPool2d',
        label: label(g, attrs, [g.x], y) + tieNote,
        inputs: [hostTensor(g.x, 'float32', xValues())],
        output: { shape: y, dtype: 'float32' },
        run: (k, [x], out) => k.maxPool2d!(x, out, attrs),
        tolerance: EXACT,
      });
      result.maxPool2dBackward.push({
        kernel: 'maxPool2dBackward',
        label: label(g, attrs, [y, g.x], g.x) + tieNote,
        inputs: [hostTensor(y, 'float32', randomFloats(rng, sizeOf(y))), hostTensor(g.x, 'float32', xValues())],
        output: { shape: g.x, dtype: 'float32' },
        run: (k, [dy, x], out) => k.maxPool2dBackward!(dy, x, out, attrs),
        tolerance: accumulated(overlapTerms(g), [0]),
      });
    }
    for (const countIncludePad of [true, false]) {
      const attrs: Pool2dAttrs = { kernel: g.kernel, stride: g.stride, pad: g.pad, countIncludePad };
      // An average sums k² values then divides (one more rounding, inside the
      // bound's 2ε·|expected|); its gradient sums ≤ overlap shares of dy / divisor.
      result.avgPool2d.push({
        kernel: 'avgPool2d',
        label: label(g, attrs, [g.x], y),
        inputs: [hostTensor(g.x, 'float32', randomFloats(rng, sizeOf(g.x)))],
        output: { shape: y, dtype: 'float32' },
        run: (k, [x], out) => k.avgPool2d!(x, out, attrs),
        tolerance: accumulated(g.kernel[0] * g.kernel[1], [0]),
      });
      result.avgPool2dBackward.push({
        kernel: 'avgPool2dBackward',
        label: label(g, attrs, [y], g.x),
        inputs: [hostTensor(y, 'float32', randomFloats(rng, sizeOf(y)))],
        output: { shape: g.x, dtype: 'float32' },
        run: (k, [dy], out) => k.avgPool2dBackward!(dy, out, attrs),
        tolerance: accumulated(overlapTerms(g), [0]),
      });
    }
  }
  return result;
}
