// Distorted MNIST for spatial transformer networks (Jaderberg et al. 2015):
// each digit placed at the centre of a larger canvas, then rotated, scaled and
// shifted at random. Seeded and computed once on the host.
import { Generator, ValueError } from '@dendrite/core';
import type { MnistArrays } from '../formats/mnist-files.js';
import { ImageArrayDataset, type ImageArrayOptions } from './image-array-dataset.js';

/** Options of `distortedMnist`. */
export interface DistortedMnistOptions extends ImageArrayOptions {
  /** Canvas side (default 42). */
  size?: number;
  /** Largest rotation in degrees, drawn uniformly in ±this (default 45). */
  maxRotation?: number;
  /** Zoom range (default [0.7, 1.2]). */
  scale?: readonly [number, number];
  /** Largest shift in pixels along each axis (default 7). */
  maxTranslation?: number;
  /** Number of images (default: all of `source`). */
  count?: number;
  /** Seed of the distortion draws (default 0). */
  seed?: number;
}

/**
 * Bilinear sample of `src` (side x side) at (x, y) in the source pixel grid, zero outside.
 */
function sample(src: Uint8Array, side: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => (xx >= 0 && yy >= 0 && xx < side && yy < side ? src[yy * side + xx] : 0);
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/**
 * MNIST digits on a `size` x `size` canvas (42 by default) with a random
 * rotation (±45°), zoom ([0.7, 1.2]) and shift (±7 px) each, as bytes in an
 * `ImageArrayDataset` (same labels). The map is about the canvas centre:
 * canvas point p comes from digit point R⁻¹(p − c − t) / s + c₀.
 *
 * @example
 * ```ts
 * const { test } = await loadMnistArrays();
 * const distorted = distortedMnist(test, { seed: 1 }); // [1, 42, 42] samples
 * ```
 */
export function distortedMnist(source: MnistArrays, options: DistortedMnistOptions = {}): ImageArrayDataset {
  const size = options.size ?? 42;
  const maxRot = options.maxRotation ?? 45;
  const [s0, s1] = options.scale ?? [0.7, 1.2];
  const maxT = options.maxTranslation ?? 7;
  const count = options.count ?? source.labels.length;
  const side = source.rows;
  if (!Number.isInteger(size) || size < side) throw new ValueError(`distortedMnist: 'size' must be an integer >= the digit side ${side}, got ${size}`);
  if (!(s0 > 0 && s1 >= s0)) throw new ValueError(`distortedMnist: 'scale' must be [low, high] with 0 < low <= high, got ${JSON.stringify(options.scale)}`);
  if (!(maxRot >= 0 && maxT >= 0)) throw new ValueError(`distortedMnist: 'maxRotation' and 'maxTranslation' must be >= 0, got ${maxRot} and ${maxT}`);
  if (!Number.isInteger(count) || count < 1 || count > source.labels.length) throw new ValueError(`distortedMnist: 'count' must be in [1, ${source.labels.length}], got ${count}`);
  const g = new Generator(options.seed ?? 0);
  const images = new Uint8Array(count * size * size);
  const c = (size - 1) / 2;
  const c0 = (side - 1) / 2;
  for (let i = 0; i < count; i++) {
    const angle = ((g.uniform() * 2 - 1) * maxRot * Math.PI) / 180;
    const s = s0 + g.uniform() * (s1 - s0);
    const tx = (g.uniform() * 2 - 1) * maxT;
    const ty = (g.uniform() * 2 - 1) * maxT;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const digit = source.images.subarray(i * side * side, (i + 1) * side * side);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const px = x - c - tx;
        const py = y - c - ty;
        // Inverse rotation and zoom back into the digit's own pixel grid.
        const sx = (cos * px + sin * py) / s + c0;
        const sy = (-sin * px + cos * py) / s + c0;
        images[(i * size + y) * size + x] = Math.round(sample(digit, side, sx, sy));
      }
    }
  }
  return new ImageArrayDataset(images, source.labels.slice(0, count), [1, size, size], { classes: Array.from({ length: 10 }, (_, k) => String(k)), ...options });
}
