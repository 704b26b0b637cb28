// im2col as a composition of primitives: pad, then one gather with a
// host-built index map. gather's gradient is scatterAdd, so everything built
// on these windows (composed conv, pooling) is differentiable for free.
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { reshape } from '../reshape.js';
import type { Quad } from './geometry.js';
import { hostConstant } from './host-constant.js';
import { gather, pad } from './movement.js';

/** Sliding-window geometry over the two spatial dims of an NCHW tensor. */
export interface WindowGeometry {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  /** Padding [top, bottom, left, right]. */
  pad: Quad;
  /** Number of windows along height and width. */
  out: [number, number];
}

/**
 * Flat indices into the padded `[Hp * Wp]` plane: row `i * KW + j` (kernel
 * offset, row-major) and column `oh * OW + ow` (window position).
 */
function windowIndices(g: WindowGeometry, paddedWidth: number): Int32Array {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [oh, ow] = g.out;
  const positions = oh * ow;
  const idx = new Int32Array(kh * kw * positions);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const row = (i * kw + j) * positions;
      for (let y = 0; y < oh; y++) {
        const base = (y * sh + i * dh) * paddedWidth + j * dw;
        for (let x = 0; x < ow; x++) idx[row + y * ow + x] = base + x * sw;
      }
    }
  }
  return idx;
}

/**
 * The sliding windows of `x` [N, C, H, W] as [N, C, KH * KW, OH * OW],
 * padding with `padValue` (0 for convolutions and averages, -Infinity for max).
 *
 * @example
 * ```ts
 * const cols = windows(x, { kernel: [3, 3], stride: [1, 1], dilation: [1, 1], pad: [1, 1, 1, 1], out: [H, W] }, 0);
 * ```
 */
export function windows(x: Tensor, g: WindowGeometry, padValue: number): Tensor {
  return tidy(() => {
    const [n, c, h, w] = x.shape;
    const [t, b, l, r] = g.pad;
    const padded = t + b + l + r > 0 ? pad(x, [[0, 0], [0, 0], [t, b], [l, r]], padValue) : x;
    const hp = h + t + b;
    const wp = w + l + r;
    const kk = g.kernel[0] * g.kernel[1];
    const positions = g.out[0] * g.out[1];
    const idx = hostConstant(x.backendImpl, windowIndices(g, wp), [kk, positions], 'int32');
    return gather(reshape(padded, [n, c, hp * wp]), idx, 2);
  });
}
