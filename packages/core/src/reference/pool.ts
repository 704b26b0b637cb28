// Max and average pooling over H, W and their gradients, window by window.
// Padded cells never win a max and count in averages only with countIncludePad.
import type { Pool2dAttrs, TensorInfo } from '../backend/contract.js';
import { ShapeError } from '../errors.js';
import { fmtShape } from '../shape.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/**
 * Calls `visit(window, cells)` for every output position: `window` is its flat
 * output offset, `cells` the flat input offsets of the in-image cells of its
 * window in row-major window order.
 */
function forEachWindow(xShape: readonly number[], yShape: readonly number[], attrs: Pool2dAttrs, op: string, visit: (window: number, cells: number[]) => void): void {
  const [n, c, h, w] = xShape;
  const [yn, yc, oh, ow] = yShape;
  if (xShape.length !== 4 || yShape.length !== 4 || yn !== n || yc !== c) {
    throw new ShapeError(`reference.${op}: input ${fmtShape(xShape)} and pooled ${fmtShape(yShape)} must both be [N, C, ·, ·] with equal N and C`);
  }
  const [kh, kw] = attrs.kernel;
  const [sh, sw] = attrs.stride;
  const cells: number[] = [];
  for (let plane = 0; plane < n * c; plane++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        cells.length = 0;
        for (let i = 0; i < kh; i++) {
          const iy = y * sh - attrs.pad[0] + i;
          if (iy < 0 || iy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const ix = x * sw - attrs.pad[2] + j;
            if (ix >= 0 && ix < w) cells.push((plane * h + iy) * w + ix);
          }
        }
        visit((plane * oh + y) * ow + x, cells);
      }
}

/** The first maximal cell of a window (NaN beats everything; ties keep the first), or -1 if empty. */
function argmaxCell(xs: ArrayLike<number>, cells: readonly number[]): number {
  let best = -1;
  for (const cell of cells) {
    if (best < 0) best = cell;
    else if (Number.isNaN(xs[best])) break;
    else if (xs[cell] > xs[best] || Number.isNaN(xs[cell])) best = cell;
  }
  return best;
}

/**
 * Max pooling: each output is the largest in-image value of its window.
 *
 * @example
 * ```ts
 * maxPool2dKernel(x, out, { kernel: [2, 2], stride: [2, 2], pad: [0, 0, 0, 0], countIncludePad: false });
 * ```
 */
export function maxPool2dKernel(x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const xs = dataOf(x, 'maxPool2d', 'x');
  const os = dataOf(out, 'maxPool2d', 'out');
  forEachWindow(x.shape, out.shape, attrs, 'maxPool2d', (win, cells) => {
    const best = argmaxCell(xs, cells);
    storeAs(os, win, best < 0 ? -Infinity : xs[best], out.dtype);
  });
}

/**
 * Gradient of max pooling: each dy goes to the first maximal cell of its window.
 *
 * @example
 * ```ts
 * maxPool2dBackwardKernel(dy, x, dx, attrs);
 * ```
 */
export function maxPool2dBackwardKernel(dy: TensorInfo, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const dys = dataOf(dy, 'maxPool2dBackward', 'dy');
  const xs = dataOf(x, 'maxPool2dBackward', 'x');
  const os = dataOf(out, 'maxPool2dBackward', 'out');
  const acc = new Float64Array(os.length);
  forEachWindow(x.shape, dy.shape, attrs, 'maxPool2dBackward', (win, cells) => {
    const best = argmaxCell(xs, cells);
    if (best >= 0) acc[best] += dys[win];
  });
  for (let i = 0; i < os.length; i++) storeAs(os, i, acc[i], out.dtype);
}

/** The divisor of a window: the whole kernel with countIncludePad, else its in-image cells. */
function divisor(attrs: Pool2dAttrs, cells: readonly number[]): number {
  return attrs.countIncludePad ? attrs.kernel[0] * attrs.kernel[1] : cells.length;
}

/**
 * Average pooling: each output is the sum of its window's in-image cells over `divisor`.
 *
 * @example
 * ```ts
 * avgPool2dKernel(x, out, { kernel: [3, 3], stride: [1, 1], pad: [1, 1, 1, 1], countIncludePad: true });
 * ```
 */
export function avgPool2dKernel(x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const xs = dataOf(x, 'avgPool2d', 'x');
  const os = dataOf(out, 'avgPool2d', 'out');
  forEachWindow(x.shape, out.shape, attrs, 'avgPool2d', (win, cells) => {
    let s = 0;
    for (const cell of cells) s += xs[cell];
    storeAs(os, win, s / divisor(attrs, cells), out.dtype);
  });
}

/**
 * Gradient of average pooling: each dy / divisor added to every in-image cell of its window.
 *
 * @example
 * ```ts
 * avgPool2dBackwardKernel(dy, dx, attrs);
 * ```
 */
export function avgPool2dBackwardKernel(dy: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  const dys = dataOf(dy, 'avgPool2dBackward', 'dy');
  const os = dataOf(out, 'avgPool2dBackward', 'out');
  const acc = new Float64Array(os.length);
  forEachWindow(out.shape, dy.shape, attrs, 'avgPool2dBackward', (win, cells) => {
    const share = dys[win] / divisor(attrs, cells);
    for (const cell of cells) acc[cell] += share;
  });
  for (let i = 0; i < os.length; i++) storeAs(os, i, acc[i], out.dtype);
}
