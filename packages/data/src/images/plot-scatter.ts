// 2-D points coloured by class: the latent space of a 2-D autoencoder.
import { ValueError } from '@dendrite/core';
import type { RgbImage } from './grid-image.js';
import { setPixel } from './grid-image.js';
import { PALETTE, type PlotOptions, plotFrame } from './plot-frame.js';

/**
 * Draws points (x, y interleaved) as 2x2 dots coloured by `labels`
 * (class k gets palette colour k), with a legend of the classes present.
 *
 * @example
 * ```ts
 * const img = plotScatter(Float32Array.from([0, 0, 1, 2]), Int32Array.from([3, 7]), { title: 'latent space' });
 * ```
 */
export function plotScatter(xy: ArrayLike<number>, labels: ArrayLike<number>, options: PlotOptions & { classNames?: readonly string[] } = {}): RgbImage {
  if (xy.length !== 2 * labels.length) throw new ValueError(`plotScatter: ${xy.length} coordinates for ${labels.length} labels (need 2 per point)`);
  let [x0, x1, y0, y1] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < labels.length; i++) {
    x0 = Math.min(x0, xy[2 * i]);
    x1 = Math.max(x1, xy[2 * i]);
    y0 = Math.min(y0, xy[2 * i + 1]);
    y1 = Math.max(y1, xy[2 * i + 1]);
  }
  if (!(x1 >= x0)) [x0, x1, y0, y1] = [0, 1, 0, 1];
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const names = classes.map((c) => options.classNames?.[c] ?? String(c));
  const { img, toX, toY } = plotFrame([x0, x1], [y0, y1], classes.map((c, k) => [names[k], PALETTE[c % PALETTE.length]] as const), options);
  for (let i = 0; i < labels.length; i++) {
    const rgb = PALETTE[labels[i] % PALETTE.length];
    const px = toX(xy[2 * i]);
    const py = toY(xy[2 * i + 1]);
    for (let d = 0; d < 4; d++) setPixel(img, px + (d & 1), py + (d >> 1), rgb);
  }
  return img;
}
