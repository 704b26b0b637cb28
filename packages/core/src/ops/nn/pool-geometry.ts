import type { Pool2dAttrs } from '../../backend/contract.js';
import { ShapeError, ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { expectFloat, expectRank, type Pair, toPair, toQuad } from './geometry.js';
import type { WindowGeometry } from './im2col.js';

/** Options shared by `maxPool2d` and `avgPool2d`. */
export interface Pool2dOptions {
  /** Window size. */
  kernelSize: Pair;
  /** Step between windows (default: kernelSize). */
  stride?: Pair;
  /** Implicit padding: number, [ph, pw] or [t, b, l, r]; at most half the kernel per side (default 0). */
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
}

/** A resolved pooling: kernel attributes plus the window geometry of the composed path. */
export interface PoolGeometry {
  attrs: Pool2dAttrs;
  windows: WindowGeometry;
}

/**
 * Validates pooling arguments. With `ceilMode` the last partial window is
 * kept (PyTorch rule) by extending the bottom/right padding, which padded
 * cells never win in a max.
 *
 * @example
 * ```ts
 * const g = poolGeometry('maxPool2d', x, { kernelSize: 2 }, false, true);
 * ```
 */
export function poolGeometry(op: string, x: Tensor, options: Pool2dOptions, ceilMode: boolean, countIncludePad: boolean): PoolGeometry {
  checkTensor(op, x, 'x');
  expectRank(op, 'x', x.shape, 4, '[N, C, H, W]');
  expectFloat(op, 'x', x);
  if (!options || options.kernelSize === undefined) throw new ValueError(`${op}: option 'kernelSize' is required`);
  const kernel = toPair(op, 'kernelSize', options.kernelSize, 1);
  const stride = toPair(op, 'stride', options.stride ?? kernel, 1);
  const pad = toQuad(op, 'padding', options.padding ?? 0);
  const half = [kernel[0] / 2, kernel[0] / 2, kernel[1] / 2, kernel[1] / 2];
  if (pad.some((p, i) => p > half[i])) {
    throw new ValueError(`${op}: padding ${JSON.stringify(pad)} must be at most half the kernel size ${JSON.stringify(kernel)} on each side`);
  }
  const [, , h, w] = x.shape;
  const out: [number, number] = [
    windowCountPool(op, 'height', h, kernel[0], stride[0], pad[0], pad[1], ceilMode),
    windowCountPool(op, 'width', w, kernel[1], stride[1], pad[2], pad[3], ceilMode),
  ];
  // Extra bottom/right cells read by ceil-mode windows.
  const extraH = Math.max(0, (out[0] - 1) * stride[0] + kernel[0] - (h + pad[0] + pad[1]));
  const extraW = Math.max(0, (out[1] - 1) * stride[1] + kernel[1] - (w + pad[2] + pad[3]));
  const fullPad: [number, number, number, number] = [pad[0], pad[1] + extraH, pad[2], pad[3] + extraW];
  return {
    attrs: { kernel, stride, pad: fullPad, countIncludePad },
    windows: { kernel, stride, dilation: [1, 1], pad: fullPad, out },
  };
}

function windowCountPool(op: string, dim: string, size: number, k: number, s: number, before: number, after: number, ceil: boolean): number {
  const span = size + before + after - k;
  if (span < 0) {
    throw new ShapeError(`${op}: kernel ${dim} ${k} is larger than the padded input ${dim} ${size + before + after} (input ${size}, padding ${before}+${after})`);
  }
  if (!ceil) return Math.floor(span / s) + 1;
  let n = Math.ceil(span / s) + 1;
  // PyTorch drops a last window that would start inside the bottom/right padding.
  if ((n - 1) * s >= size + before) n--;
  return n;
}
