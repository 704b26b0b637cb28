import type { ConvActivation, Conv2dAttrs } from '../../backend/contract.js';
import { ShapeError, ValueError } from '../../errors.js';
import { isGradEnabled, tidy } from '../../engine/scope.js';
import { fmtShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../../engine/apply.js';
import { add } from '../binary.js';
import { checkTensor } from '../check.js';
import { reshape } from '../reshape.js';
import { relu } from '../unary.js';
import { conv2dComposed } from './conv-composed.js';
import { conv2dFused, conv2dOutShape } from './conv-fused.js';
import { type ConvPadding, convPadding, expectFloat, expectSameDType, expectRank, type Pair, toPair, windowCount } from './geometry.js';
import { hasFused } from './host-constant.js';

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Pair;
  /** Zero padding (default 0); see `ConvPadding`. */
  padding?: ConvPadding;
  /** Spacing between kernel taps (default 1). */
  dilation?: Pair;
  /** Channel groups (default 1); C and Cout must be divisible by it. */
  groups?: number;
  /** Per-output-channel bias [Cout]. */
  bias?: Tensor | null;
  /**
   * Applied after the bias (default 'linear': none). When no gradient is
   * recorded and the backend has `conv2dBiasActivation`, bias and activation
   * run inside the convolution's pass instead of as two more ops.
   */
  activation?: ConvActivation;
}

/**
 * Checks conv2d's arguments; returns the kernel attributes and output [OH, OW].
 *
 * @example
 * ```ts
 * const { attrs, out } = conv2dGeometry('conv2d', x, w, { stride: 2 });
 * ```
 */
export function conv2dGeometry(op: string, x: Tensor, w: Tensor, options: Conv2dOptions): { attrs: Conv2dAttrs; out: [number, number] } {
  checkTensor(op, x, 'x');
  checkTensor(op, w, 'weight');
  expectRank(op, 'x', x.shape, 4, '[N, C, H, W]');
  expectRank(op, 'weight', w.shape, 4, '[Cout, C / groups, KH, KW]');
  expectFloat(op, 'x', x);
  expectFloat(op, 'weight', w);
  expectSameDType(op, [['x', x], ['weight', w]]);
  const stride = toPair(op, 'stride', options.stride ?? 1, 1);
  const dilation = toPair(op, 'dilation', options.dilation ?? 1, 1);
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: argument 'groups' must be a positive integer, got ${groups}`);
  const [, c, h, wd] = x.shape;
  const [cout, cg, kh, kw] = w.shape;
  if (c % groups !== 0 || cout % groups !== 0) {
    throw new ShapeError(`${op}: input channels ${c} (x ${fmtShape(x.shape)}) and output channels ${cout} (weight ${fmtShape(w.shape)}) must both be divisible by groups = ${groups}`);
  }
  if (cg !== c / groups) {
    throw new ShapeError(`${op}: weight ${fmtShape(w.shape)} must have C / groups = ${c / groups} input channels in dim 1 for x ${fmtShape(x.shape)} with groups = ${groups}, got ${cg}`);
  }
  if (kh < 1 || kw < 1) throw new ShapeError(`${op}: weight ${fmtShape(w.shape)} has an empty kernel`);
  const pad = convPadding(op, options.padding ?? 0, [kh, kw], dilation, stride);
  const out: [number, number] = [
    windowCount(op, 'height', h, kh, stride[0], pad[0], pad[1], dilation[0]),
    windowCount(op, 'width', wd, kw, stride[1], pad[2], pad[3], dilation[1]),
  ];
  return { attrs: { stride, pad, dilation, groups }, out };
}

/**
 * Adds a per-channel bias [C] to an NC... tensor (no-op without bias).
 *
 * @example
 * ```ts
 * addChannelBias('conv2d', y, bias);
 * ```
 */
export function addChannelBias(op: string, y: Tensor, bias: Tensor | null | undefined): Tensor {
  if (!bias) return y;
  checkChannelBias(op, y, bias);
  const c = y.shape[1];
  return add(y, reshape(bias, [c, ...y.shape.slice(2).map(() => 1)]));
}

/** Throws unless `bias` is a live float [C] tensor of y's dtype (C = y.shape[1]). */
function checkChannelBias(op: string, y: { shape: readonly number[]; dtype: Tensor['dtype'] }, bias: Tensor): void {
  checkTensor(op, bias, 'bias');
  expectFloat(op, 'bias', bias);
  expectSameDType(op, [['x', y], ['bias', bias]]);
  const c = y.shape[1];
  if (bias.rank !== 1 || bias.shape[0] !== c) {
    throw new ShapeError(`${op}: argument 'bias' must have shape [${c}] (one value per output channel), got ${fmtShape(bias.shape)}`);
  }
}

const ACTIVATIONS: readonly ConvActivation[] = ['linear', 'relu'];

/**
 * 2-D convolution (cross-correlation, as PyTorch) of x [N, C, H, W] with
 * w [Cout, C / groups, KH, KW], giving [N, Cout, OH, OW]. Runs the backend's
 * fused kernels when it has them, otherwise im2col + matmul from primitives.
 *
 * @example
 * ```ts
 * const y = conv2d(x, w, { stride: 2, padding: 1 });
 * const z = conv2d(x, w, { padding: 'same', dilation: 2, groups: 4, bias: b });
 * ```
 */
export function conv2d(x: Tensor, w: Tensor, options: Conv2dOptions = {}): Tensor {
  return convolve('conv2d', x, w, options);
}

/**
 * conv2d reporting errors as `op` (conv1d runs through here too).
 *
 * @example
 * ```ts
 * convolve('conv1d', x4, w4, { stride: [1, 2] });
 * ```
 */
export function convolve(op: string, x: Tensor, w: Tensor, options: Conv2dOptions): Tensor {
  const { attrs, out } = conv2dGeometry(op, x, w, options);
  const activation = options.activation ?? 'linear';
  if (!ACTIVATIONS.includes(activation)) throw new ValueError(`${op}: argument 'activation' must be one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(activation)}`);
  const bias = options.bias ?? null;
  if (bias) checkChannelBias(op, { shape: [x.shape[0], w.shape[0]], dtype: x.dtype }, bias);
  // Inference: one kernel call when nothing records a gradient (it has none).
  const records = isGradEnabled() && (x.requiresGrad || w.requiresGrad || !!bias?.requiresGrad);
  if (!records && typeof x.backendImpl.kernels.conv2dBiasActivation === 'function') {
    return apply({
      op,
      inputs: bias ? [x, w, bias] : [x, w],
      shape: conv2dOutShape(x.shape, w.shape, attrs),
      dtype: x.dtype,
      kernel: (k, [xi, wi, bi], o) => k.conv2dBiasActivation!(xi, wi, bi ?? null, o, attrs, activation),
    });
  }
  return tidy(() => {
    const fused = hasFused(x, ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter']);
    const y = addChannelBias(op, fused ? conv2dFused(x, w, attrs) : conv2dComposed(x, w, attrs, out), bias);
    return activation === 'relu' ? relu(y) : y;
  });
}
