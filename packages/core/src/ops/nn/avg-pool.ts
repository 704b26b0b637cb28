import type { Pool2dAttrs } from '../../backend/contract.js';
import { apply } from '../../engine/apply.js';
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { div } from '../binary.js';
import { reshape } from '../reshape.js';
import { sum } from '../reduce.js';
import { hasFused, hostConstant } from './host-constant.js';
import { type WindowGeometry, windows } from './im2col.js';
import { type Pool2dOptions, poolGeometry } from './pool-geometry.js';

/** Options of `avgPool2d`. */
export interface AvgPool2dOptions extends Pool2dOptions {
  /** Divide by the full window size even where it overlaps padding (default true, as PyTorch). */
  countIncludePad?: boolean;
}

function avgPool2dBackwardOp(dy: Tensor, xShape: readonly number[], attrs: Pool2dAttrs): Tensor {
  const dyShape = dy.shape;
  return apply({
    op: 'avgPool2dBackward',
    inputs: [dy],
    shape: xShape,
    dtype: dy.dtype,
    kernel: (k, [dyi], out) => k.avgPool2dBackward!(dyi, out, attrs),
    // A linear map's adjoint's adjoint is the map itself.
    backward: (g) => [avgPool2dFused(g, attrs, dyShape)],
    save: [],
  });
}

function avgPool2dFused(x: Tensor, attrs: Pool2dAttrs, outShape: readonly number[]): Tensor {
  const xShape = x.shape;
  return apply({
    op: 'avgPool2d',
    inputs: [x],
    shape: outShape,
    dtype: x.dtype,
    kernel: (k, [xi], out) => k.avgPool2d!(xi, out, attrs),
    backward: (dy) => [avgPool2dBackwardOp(dy, xShape, attrs)],
    save: [],
  });
}

/** Per-window divisors [OH·OW]: the count of non-padding cells when padding is excluded. */
function windowCounts(h: number, w: number, g: WindowGeometry): Float32Array {
  const [oh, ow] = g.out;
  const counts = new Float32Array(oh * ow);
  const span = (start: number, k: number, size: number) => Math.min(start + k, size) - Math.max(start, 0);
  for (let y = 0; y < oh; y++) {
    const rows = span(y * g.stride[0] - g.pad[0], g.kernel[0], h);
    for (let x = 0; x < ow; x++) counts[y * ow + x] = rows * span(x * g.stride[1] - g.pad[2], g.kernel[1], w);
  }
  return counts;
}

/**
 * 2-D average pooling over x [N, C, H, W].
 *
 * @example
 * ```ts
 * avgPool2d(x, { kernelSize: 2 });
 * avgPool2d(x, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false });
 * ```
 */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  const countIncludePad = options?.countIncludePad ?? true;
  const { attrs, windows: geom } = poolGeometry('avgPool2d', x, options, false, countIncludePad);
  const [n, c, h, w] = x.shape;
  const outShape = [n, c, geom.out[0], geom.out[1]];
  if (hasFused(x, ['avgPool2d', 'avgPool2dBackward'])) return avgPool2dFused(x, attrs, outShape);
  return tidy(() => {
    const sums = sum(windows(x, geom, 0), 2);
    const divisor = countIncludePad
      ? geom.kernel[0] * geom.kernel[1]
      : hostConstant(x.backendImpl, windowCounts(h, w, geom), [geom.out[0] * geom.out[1]], x.dtype);
    return reshape(div(sums, divisor), outShape);
  });
}
