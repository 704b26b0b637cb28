import type { Pool2dAttrs } from '../../backend/contract.js';
import { apply } from '../../engine/apply.js';
import { tidy } from '../../engine/scope.js';
import type { Tensor } from '../../tensor/tensor.js';
import { argmax, max } from '../reduce.js';
import { reshape } from '../reshape.js';
import { hasFused } from './host-constant.js';
import { type WindowGeometry, windows } from './im2col.js';
import { type Pool2dOptions, poolGeometry } from './pool-geometry.js';
import { takeAlongAxis } from './movement.js';

/** Options of `maxPool2d`. */
export interface MaxPool2dOptions extends Pool2dOptions {
  /** Keep a last partial window (output size rounded up), as PyTorch's ceil_mode. */
  ceilMode?: boolean;
}

/**
 * The value of `g` at each window's first maximum of `x` (row-major window
 * order, the tie rule of the maxPool2dBackward kernel): the gradient of
 * maxPool2dBackward with respect to dy.
 */
function pickAtArgmax(g: Tensor, x: Tensor, geom: WindowGeometry): Tensor {
  return tidy(() => {
    const [n, c] = x.shape;
    const winner = argmax(windows(x, geom, Number.NEGATIVE_INFINITY), 2, true);
    const picked = takeAlongAxis(windows(g, geom, 0), winner, 2);
    return reshape(picked, [n, c, geom.out[0], geom.out[1]]);
  });
}

function maxPool2dBackwardOp(dy: Tensor, x: Tensor, attrs: Pool2dAttrs, geom: WindowGeometry): Tensor {
  return apply({
    op: 'maxPool2dBackward',
    inputs: [dy, x],
    shape: x.shape,
    dtype: dy.dtype,
    kernel: (k, [dyi, xi], out) => k.maxPool2dBackward!(dyi, xi, out, attrs),
    // Linear in dy; piecewise constant (zero gradient) in x.
    backward: (g, [dys, xs]) => [dys.requiresGrad ? pickAtArgmax(g, xs, geom) : null, null],
  });
}

function maxPool2dFused(x: Tensor, attrs: Pool2dAttrs, geom: WindowGeometry): Tensor {
  return apply({
    op: 'maxPool2d',
    inputs: [x],
    shape: [x.shape[0], x.shape[1], geom.out[0], geom.out[1]],
    dtype: x.dtype,
    kernel: (k, [xi], out) => k.maxPool2d!(xi, out, attrs),
    backward: (dy, [xs]) => [maxPool2dBackwardOp(dy, xs, attrs, geom)],
  });
}

/**
 * 2-D max pooling over x [N, C, H, W] (padding cells never win).
 * Gradients go to each window's first maximum on the fused path; the
 * composed path (backends without the kernels) splits ties evenly.
 *
 * @example
 * ```ts
 * maxPool2d(x, { kernelSize: 2 });                             // halves H and W
 * maxPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true });
 * ```
 */
export function maxPool2d(x: Tensor, options: MaxPool2dOptions): Tensor {
  const { attrs, windows: geom } = poolGeometry('maxPool2d', x, options, !!options?.ceilMode, false);
  if (hasFused(x, ['maxPool2d', 'maxPool2dBackward'])) return maxPool2dFused(x, attrs, geom);
  return tidy(() => {
    const [n, c] = x.shape;
    return reshape(max(windows(x, geom, Number.NEGATIVE_INFINITY), 2), [n, c, geom.out[0], geom.out[1]]);
  });
}
