// grid_sample as PyTorch defines it (2-D, NCHW): grid (x, y) in [-1, 1] is
// unnormalized to pixel coordinates, optionally clamped into the image
// (border), then read bilinearly or from the nearest pixel (half to even).
import type { GridSampleAttrs, TensorInfo } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { fmtShape } from '../shape.js';
import { dataOf } from './memory.js';
import { roundHalfEven } from './scalar-math.js';
import { storeAs } from './store.js';

/**
 * A grid coordinate in [-1, 1] as a pixel coordinate of an axis of `size`
 * pixels: −1 and 1 are the centers of the corner pixels with alignCorners,
 * else their outer edges.
 *
 * @example
 * ```ts
 * unnormalize(-1, 4, false); // -0.5
 * ```
 */
export function unnormalize(g: number, size: number, alignCorners: boolean): number {
  return alignCorners ? ((g + 1) / 2) * (size - 1) : ((g + 1) * size - 1) / 2;
}

/** Border padding clamps into [0, size − 1]; zeros padding leaves the coordinate (outside pixels read 0). */
function clampCoordinate(v: number, size: number, padding: GridSampleAttrs['padding']): number {
  return padding === 'border' ? Math.min(Math.max(v, 0), size - 1) : v;
}

/**
 * Samples x [N, C, H, W] at grid [N, OH, OW, 2] → out [N, C, OH, OW].
 *
 * @example
 * ```ts
 * gridSampleKernel(x, grid, out, { mode: 'bilinear', padding: 'zeros', alignCorners: false });
 * ```
 */
export function gridSampleKernel(x: TensorInfo, grid: TensorInfo, out: TensorInfo, attrs: GridSampleAttrs): void {
  const xs = dataOf(x, 'gridSample', 'x');
  const gs = dataOf(grid, 'gridSample', 'grid');
  const os = dataOf(out, 'gridSample', 'out');
  const [n, c, h, w] = x.shape;
  const [gn, oh, ow, two] = grid.shape;
  if (x.shape.length !== 4 || grid.shape.length !== 4 || gn !== n || two !== 2 || out.shape.join() !== [n, c, oh, ow].join()) {
    throw new ShapeError(`reference.gridSample: x ${fmtShape(x.shape)}, grid ${fmtShape(grid.shape)} and out ${fmtShape(out.shape)} do not fit [N, C, H, W], [N, OH, OW, 2], [N, C, OH, OW]`);
  }
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xo = 0; xo < ow; xo++) {
        const gi = ((b * oh + y) * ow + xo) * 2;
        const ix = clampCoordinate(unnormalize(gs[gi], w, attrs.alignCorners), w, attrs.padding);
        const iy = clampCoordinate(unnormalize(gs[gi + 1], h, attrs.alignCorners), h, attrs.padding);
        for (let ch = 0; ch < c; ch++) {
          const plane = (b * c + ch) * h * w;
          const pixel = (py: number, px: number) => (py >= 0 && py < h && px >= 0 && px < w ? xs[plane + py * w + px] : 0);
          let v: number;
          if (attrs.mode === 'nearest') {
            v = pixel(roundHalfEven(iy), roundHalfEven(ix));
          } else {
            const x0 = Math.floor(ix);
            const y0 = Math.floor(iy);
            const tx = ix - x0;
            const ty = iy - y0;
            v =
              pixel(y0, x0) * (1 - tx) * (1 - ty) +
              pixel(y0, x0 + 1) * tx * (1 - ty) +
              pixel(y0 + 1, x0) * (1 - tx) * ty +
              pixel(y0 + 1, x0 + 1) * tx * ty;
          }
          storeAs(os, ((b * c + ch) * oh + y) * ow + xo, v, out.dtype);
        }
      }
}
