// Conformance cases of gridSample: bilinear and nearest × zeros and border
// padding × alignCorners, with sample points inside and outside the image.
import type { GridSampleAttrs } from '../backend/contract.js';
import { sizeOf } from '../shape.js';
import { EXACT, hostTensor, type KernelCase, shapesLabel, type Tolerance } from './conformance-case.js';
import { randomFloats, type SeededRandom } from './random-inputs.js';

/** A pixel coordinate of an axis of `size` pixels as a grid value in [-1, 1] (the inverse of unnormalization). */
function normalize(pixel: number, size: number, alignCorners: boolean): number {
  return alignCorners ? (2 * pixel) / (size - 1) - 1 : (2 * pixel + 1) / size - 1;
}

/**
 * A grid coordinate for an axis of `size`: a pixel position from 1.5 pixels
 * before the image to 1.5 after it, whose fraction stays ≥ 0.1 away from the
 * .0 and .5 boundaries where nearest rounding (and bilinear's floor) flip, so
 * float32 and float64 unnormalization pick the same pixels.
 */
function gridCoordinate(rng: SeededRandom, size: number, alignCorners: boolean): number {
  if (alignCorners && size === 1) return rng.uniform(-1.2, 1.2); // every coordinate maps to pixel 0
  const whole = rng.int(-2, size);
  const frac = rng.pick([rng.uniform(0.1, 0.4), rng.uniform(0.6, 0.9)]);
  return Math.fround(normalize(whole + frac, size, alignCorners));
}

/**
 * Bilinear weights come from float32 coordinate arithmetic (error ~ε·size
 * pixels) times neighbour differences (≤ 6 here) plus four products summed:
 * 1e-5 absolute + 1e-5 relative. Nearest reads one pixel (or 0) exactly.
 */
function gridTolerance(mode: GridSampleAttrs['mode']): Tolerance {
  return mode === 'nearest' ? EXACT : { kind: 'close', atol: 1e-5, rtol: 1e-5 };
}

/**
 * gridSample: all eight mode × padding × alignCorners combinations on square, non-square and one-row images.
 *
 * @example
 * ```ts
 * gridSampleCases(new SeededRandom(1, 'gridSample')).length; // > 0
 * ```
 */
export function gridSampleCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  const images: [number, number, number, number][] = [
    [2, 3, 5, 7],
    [1, 2, 4, 4],
    [1, 1, 1, 5],
  ];
  for (const mode of ['bilinear', 'nearest'] as const)
    for (const padding of ['zeros', 'border'] as const)
      for (const alignCorners of [false, true])
        for (const x of images) {
          const [n, c, h, w] = x;
          const gridShape = [n, rng.int(2, 5), rng.int(2, 6), 2];
          const grid = new Float32Array(sizeOf(gridShape));
          for (let i = 0; i < grid.length; i += 2) {
            grid[i] = gridCoordinate(rng, w, alignCorners);
            grid[i + 1] = gridCoordinate(rng, h, alignCorners);
          }
          const attrs: GridSampleAttrs = { mode, padding, alignCorners };
          const outShape = [n, c, gridShape[1], gridShape[2]];
          cases.push({
            kernel: 'gridSample',
            label: `${mode} ${padding} alignCorners ${alignCorners} ${shapesLabel([x, gridShape], outShape)}`,
            inputs: [hostTensor(x, 'float32', randomFloats(rng, sizeOf(x))), hostTensor(gridShape, 'float32', grid)],
            output: { shape: outShape, dtype: 'float32' },
            run: (k, [xi, gi], out) => k.gridSample!(xi, gi, out, attrs),
            tolerance: gridTolerance(mode),
          });
        }
  return cases;
}
