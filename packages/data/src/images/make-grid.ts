// torchvision's make_grid: a batch of images tiled into one picture.
import { fmtShape, ShapeError, type Tensor, ValueError } from '@dendrite/core';
import type { RgbImage } from './grid-image.js';

/** Options of `makeGrid`. */
export interface MakeGridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between images and around the border (default 2). */
  padding?: number;
  /** Value range mapped to black..white: a [low, high] pair, or 'auto' for the batch's own min..max (default [0, 1]). */
  range?: readonly [number, number] | 'auto';
  /** Grey level of the padding in [0, 1] (default 0). */
  padValue?: number;
}

/**
 * Tiles a batch [N, C, H, W] (C = 1 grey or 3 RGB) or [N, H, W] into one RGB
 * image, `nrow` images per row, values mapped from `range` to 0..255
 * (clamped).
 *
 * @example
 * ```ts
 * const img = await makeGrid(samples, { nrow: 10 }); // samples [100, 1, 28, 28] in [0, 1]
 * await savePng(img, 'samples.png');
 * ```
 */
export async function makeGrid(batch: Tensor, options: MakeGridOptions = {}): Promise<RgbImage> {
  const shape = batch.rank === 3 ? [batch.shape[0], 1, batch.shape[1], batch.shape[2]] : batch.shape;
  if (shape.length !== 4 || (shape[1] !== 1 && shape[1] !== 3)) {
    throw new ShapeError(`makeGrid: 'batch' must be [N, 1|3, H, W] or [N, H, W], got ${fmtShape(batch.shape)}`);
  }
  const [n, c, h, w] = shape;
  const nrow = options.nrow ?? 8;
  const pad = options.padding ?? 2;
  if (!Number.isInteger(nrow) || nrow < 1) throw new ValueError(`makeGrid: 'nrow' must be a positive integer, got ${nrow}`);
  if (!Number.isInteger(pad) || pad < 0) throw new ValueError(`makeGrid: 'padding' must be a non-negative integer, got ${pad}`);
  const values = await batch.data();
  let [lo, hi] = options.range === 'auto' ? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] : (options.range ?? [0, 1]);
  if (options.range === 'auto') {
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const span = hi > lo ? hi - lo : 1;
  const cols = Math.min(nrow, Math.max(n, 1));
  const rows = Math.ceil(n / cols);
  const width = cols * (w + pad) + pad;
  const height = rows * (h + pad) + pad;
  const data = new Uint8Array(width * height * 3).fill(Math.round(255 * Math.min(1, Math.max(0, options.padValue ?? 0))));
  const toByte = (v: number) => Math.round(255 * Math.min(1, Math.max(0, (v - lo) / span)));
  for (let k = 0; k < n; k++) {
    const x0 = pad + (k % cols) * (w + pad);
    const y0 = pad + Math.floor(k / cols) * (h + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const at = ((y0 + y) * width + x0 + x) * 3;
        for (let ch = 0; ch < 3; ch++) data[at + ch] = toByte(values[((k * c + (c === 3 ? ch : 0)) * h + y) * w + x]);
      }
    }
  }
  return { width, height, data };
}
