import type { Conv2dAttrs } from '../../backend/contract.js';
import { ShapeError, ValueError } from '../../errors.js';
import { tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../check.js';
import { permute } from '../permute.js';
import { reshape } from '../reshape.js';
import { addChannelBias } from './conv.js';
import { conv2dComposed } from './conv-composed.js';
import { conv2dBackpropInput } from './conv-fused.js';
import { expectFloat, expectRank, expectSameDType, type Pair, toPair, toQuad } from './geometry.js';
import { hasFused } from './host-constant.js';
import { flip, pad, slice } from './movement.js';

/** Options of `convTranspose2d`. */
export interface ConvTranspose2dOptions {
  /** Step of the input pixels in the output: number or [sh, sw] (default 1). */
  stride?: Pair;
  /** Implicit padding removed from the output: number, [ph, pw] or [t, b, l, r] (default 0). */
  padding?: number | readonly [number, number] | readonly [number, number, number, number];
  /** Extra rows/columns added at the bottom/right of the output; each must be smaller than the stride. */
  outputPadding?: Pair;
  /** Spacing between kernel taps: number or [dh, dw] (default 1). */
  dilation?: Pair;
  /** Channel groups: Cin and Cout split into `groups` independent blocks (default 1). */
  groups?: number;
  /** Per-output-channel bias [Cout]. */
  bias?: Tensor | null;
}

/** Zero-inserts `stride - 1` cells between input pixels: [N, C, H, W] → [N, C, (H-1)sh+1, (W-1)sw+1]. */
function dilateInput(x: Tensor, [sh, sw]: [number, number]): Tensor {
  if (sh === 1 && sw === 1) return x;
  const [n, c, h, w] = x.shape;
  const spread = pad(reshape(x, [n, c, h, 1, w, 1]), [[0, 0], [0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1]]);
  return slice(reshape(spread, [n, c, h * sh, w * sw]), [0, 0, 0, 0], [n, c, (h - 1) * sh + 1, (w - 1) * sw + 1]);
}

/** Pads (positive entries) or crops (negative entries) the spatial dims by [t, b, l, r]. */
function padOrCrop(x: Tensor, [t, b, l, r]: number[]): Tensor {
  const grow = [t, b, l, r].map((v) => Math.max(v, 0));
  const padded = grow.some((v) => v > 0) ? pad(x, [[0, 0], [0, 0], [grow[0], grow[1]], [grow[2], grow[3]]]) : x;
  const cut = [t, b, l, r].map((v) => Math.max(-v, 0));
  if (cut.every((v) => v === 0)) return padded;
  const [n, c, h, w] = padded.shape;
  return slice(padded, [0, 0, cut[0], cut[2]], [n, c, h - cut[0] - cut[1], w - cut[2] - cut[3]]);
}

/**
 * convTranspose2d from primitives: a stride-1 convolution of the
 * zero-inserted input with the flipped, in/out-swapped filter.
 */
function convTransposeComposed(x: Tensor, w: Tensor, attrs: Conv2dAttrs, outputPadding: [number, number], outShape: number[]): Tensor {
  return tidy(() => {
    const [cin, coutG, kh, kw] = w.shape;
    const g = attrs.groups;
    const [dh, dw] = attrs.dilation;
    const [t, b, l, r] = attrs.pad;
    const wSwapped = permute(reshape(w, [g, cin / g, coutG, kh, kw]), [0, 2, 1, 3, 4]);
    const wConv = flip(reshape(wSwapped, [g * coutG, cin / g, kh, kw]), [2, 3]);
    const eh = dh * (kh - 1);
    const ew = dw * (kw - 1);
    const input = padOrCrop(dilateInput(x, attrs.stride), [eh - t, eh - b + outputPadding[0], ew - l, ew - r + outputPadding[1]]);
    const convAttrs: Conv2dAttrs = { stride: [1, 1], pad: [0, 0, 0, 0], dilation: attrs.dilation, groups: g };
    return conv2dComposed(input, wConv, convAttrs, [outShape[2], outShape[3]]);
  });
}

/**
 * Transposed 2-D convolution ("deconvolution"), the gradient of conv2d with
 * respect to its input: x [N, Cin, H, W], w [Cin, Cout / groups, KH, KW]
 * (PyTorch's layout) give [N, Cout, OH, OW] with
 * `OH = (H - 1)·stride - padTop - padBottom + dilation·(KH - 1) + outputPadding + 1`.
 *
 * @example
 * ```ts
 * const up = convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1 }); // doubles H and W for 3×3 kernels
 * ```
 */
export function convTranspose2d(x: Tensor, w: Tensor, options: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  checkTensor(op, x, 'x');
  checkTensor(op, w, 'weight');
  expectRank(op, 'x', x.shape, 4, '[N, Cin, H, W]');
  expectRank(op, 'weight', w.shape, 4, '[Cin, Cout / groups, KH, KW]');
  expectFloat(op, 'x', x);
  expectFloat(op, 'weight', w);
  expectSameDType(op, [['x', x], ['weight', w]]);
  const stride = toPair(op, 'stride', options.stride ?? 1, 1);
  const dilation = toPair(op, 'dilation', options.dilation ?? 1, 1);
  const outputPadding = toPair(op, 'outputPadding', options.outputPadding ?? 0, 0);
  const pads = toQuad(op, 'padding', options.padding ?? 0);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: argument 'groups' must be a positive integer, got ${groups}`);
  if (outputPadding[0] >= stride[0] || outputPadding[1] >= stride[1]) {
    throw new ValueError(`${op}: 'outputPadding' ${JSON.stringify(outputPadding)} must be smaller than 'stride' ${JSON.stringify(stride)} in each dim`);
  }
  const [n, cin, h, wd] = x.shape;
  const [wcin, coutG, kh, kw] = w.shape;
  if (wcin !== cin || cin % groups !== 0) {
    throw new ShapeError(`${op}: weight ${fmtShape(w.shape)} must have Cin = ${cin} in dim 0 (x ${fmtShape(x.shape)}), divisible by groups = ${groups}`);
  }
  const oh = (h - 1) * stride[0] - pads[0] - pads[1] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const ow = (wd - 1) * stride[1] - pads[2] - pads[3] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  if (oh < 1 || ow < 1 || kh < 1 || kw < 1) {
    throw new ShapeError(`${op}: the output would be ${oh}×${ow} for x ${fmtShape(x.shape)}, weight ${fmtShape(w.shape)}, stride ${stride}, padding ${pads}, dilation ${dilation}`);
  }
  const outShape = [n, coutG * groups, oh, ow];
  const attrs: Conv2dAttrs = { stride, pad: pads, dilation, groups };
  return tidy(() => {
    const fused = hasFused(x, ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter']);
    const y = fused ? conv2dBackpropInput(x, w, outShape, attrs) : convTransposeComposed(x, w, attrs, outputPadding, outShape);
    return addChannelBias(op, y, options.bias);
  });
}
