// The three fused convolution kernels as differentiable ops. Their gradients
// are each other (conv2d, backprop-input and backprop-filter are the three
// bilinear maps of one trilinear form <conv(x, w), dy>), so gradients of
// gradients stay on the fused kernels.
import type { Conv2dAttrs } from '../../backend/contract.js';
import { apply } from '../../engine/apply.js';
import type { Tensor } from '../../tensor/tensor.js';

/** conv2d's output shape for an input and filter shape under `attrs`. */
export function conv2dOutShape(xShape: readonly number[], wShape: readonly number[], a: Conv2dAttrs): number[] {
  const [n, , h, w] = xShape;
  const [cout, , kh, kw] = wShape;
  const oh = Math.floor((h + a.pad[0] + a.pad[1] - a.dilation[0] * (kh - 1) - 1) / a.stride[0]) + 1;
  const ow = Math.floor((w + a.pad[2] + a.pad[3] - a.dilation[1] * (kw - 1) - 1) / a.stride[1]) + 1;
  return [n, cout, oh, ow];
}

/**
 * conv2d on the backend's fused kernel (no bias), arguments already validated.
 *
 * @example
 * ```ts
 * const y = conv2dFused(x, w, { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 });
 * ```
 */
export function conv2dFused(x: Tensor, w: Tensor, attrs: Conv2dAttrs): Tensor {
  const xShape = x.shape;
  const wShape = w.shape;
  return apply({
    op: 'conv2d',
    inputs: [x, w],
    shape: conv2dOutShape(xShape, wShape, attrs),
    dtype: x.dtype,
    kernel: (k, [xi, wi], out) => k.conv2d!(xi, wi, out, attrs),
    backward: (dy, [xs, ws]) => [
      xs.requiresGrad ? conv2dBackpropInput(dy, ws, xShape, attrs) : null,
      ws.requiresGrad ? conv2dBackpropFilter(xs, dy, wShape, attrs) : null,
    ],
  });
}

/**
 * The gradient of conv2d with respect to its input (also convTranspose2d):
 * dy [N, Cout, OH, OW] and w [Cout, C/g, KH, KW] give [N, C, H, W] = `xShape`.
 *
 * @example
 * ```ts
 * const dx = conv2dBackpropInput(dy, w, x.shape, attrs);
 * ```
 */
export function conv2dBackpropInput(dy: Tensor, w: Tensor, xShape: readonly number[], attrs: Conv2dAttrs): Tensor {
  const wShape = w.shape;
  return apply({
    op: 'conv2dBackpropInput',
    inputs: [dy, w],
    shape: xShape,
    dtype: dy.dtype,
    kernel: (k, [dyi, wi], out) => k.conv2dBackpropInput!(dyi, wi, out, attrs),
    // <bpi(dy, w), g> = <dy, conv(g, w)> = <w, bpf(g, dy)>
    backward: (g, [dys, ws]) => [
      dys.requiresGrad ? conv2dFused(g, ws, attrs) : null,
      ws.requiresGrad ? conv2dBackpropFilter(g, dys, wShape, attrs) : null,
    ],
  });
}

/**
 * The gradient of conv2d with respect to its filter: x and dy give `wShape`.
 *
 * @example
 * ```ts
 * const dw = conv2dBackpropFilter(x, dy, w.shape, attrs);
 * ```
 */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, wShape: readonly number[], attrs: Conv2dAttrs): Tensor {
  const xShape = x.shape;
  return apply({
    op: 'conv2dBackpropFilter',
    inputs: [x, dy],
    shape: wShape,
    dtype: x.dtype,
    kernel: (k, [xi, dyi], out) => k.conv2dBackpropFilter!(xi, dyi, out, attrs),
    // <bpf(x, dy), g> = <conv(x, g), dy> = <x, bpi(dy, g)>
    backward: (g, [xs, dys]) => [
      xs.requiresGrad ? conv2dBackpropInput(dys, g, xShape, attrs) : null,
      dys.requiresGrad ? conv2dFused(xs, g, attrs) : null,
    ],
  });
}
