// conv2d (cross-correlation, NCHW, groups) and its two gradients, each as
// the direct sum over the kernel window in float64.
import type { ConvActivation, Conv2dAttrs, TensorInfo } from '../backend/contract.js';
import type { DataArray } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { fmtShape } from '../shape.js';
import { dataOf } from './memory.js';
import { storeAs } from './store.js';

/** Geometry of one convolution: input [n, c, h, w], filter [co, cg, kh, kw], output [n, co, oh, ow]. */
interface ConvDims {
  n: number;
  c: number;
  h: number;
  w: number;
  co: number;
  cg: number;
  kh: number;
  kw: number;
  oh: number;
  ow: number;
  /** Output channels per group. */
  cog: number;
}

function convDims(op: string, xShape: readonly number[], wShape: readonly number[], yShape: readonly number[], attrs: Conv2dAttrs): ConvDims {
  const [n, c, h, w] = xShape;
  const [co, cg, kh, kw] = wShape;
  const [, , oh, ow] = yShape;
  const g = attrs.groups;
  if (xShape.length !== 4 || wShape.length !== 4 || yShape.length !== 4 || c !== cg * g || co % g !== 0 || yShape[0] !== n || yShape[1] !== co) {
    throw new ShapeError(
      `reference.${op}: input ${fmtShape(xShape)}, filter ${fmtShape(wShape)} and output ${fmtShape(yShape)} do not fit ${g} group(s)`,
    );
  }
  return { n, c, h, w, co, cg, kh, kw, oh, ow, cog: co / g };
}

/**
 * Calls `visit` for every (batch, out channel, in channel, output pixel,
 * kernel tap) whose input pixel lies inside the image, with the flat offsets
 * of the input, filter and output elements it multiplies.
 */
function forEachTap(d: ConvDims, attrs: Conv2dAttrs, visit: (xi: number, wi: number, yi: number) => void): void {
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const top = attrs.pad[0];
  const left = attrs.pad[2];
  for (let b = 0; b < d.n; b++)
    for (let o = 0; o < d.co; o++) {
      const group = Math.floor(o / d.cog);
      for (let ci = 0; ci < d.cg; ci++) {
        const c = group * d.cg + ci;
        for (let y = 0; y < d.oh; y++)
          for (let x = 0; x < d.ow; x++)
            for (let i = 0; i < d.kh; i++) {
              const iy = y * sh - top + i * dh;
              if (iy < 0 || iy >= d.h) continue;
              for (let j = 0; j < d.kw; j++) {
                const ix = x * sw - left + j * dw;
                if (ix < 0 || ix >= d.w) continue;
                visit(((b * d.c + c) * d.h + iy) * d.w + ix, ((o * d.cg + ci) * d.kh + i) * d.kw + j, ((b * d.co + o) * d.oh + y) * d.ow + x);
              }
            }
      }
    }
}

function storeAll(os: DataArray, acc: Float64Array, info: TensorInfo): void {
  for (let i = 0; i < os.length; i++) storeAs(os, i, acc[i], info.dtype);
}

/**
 * out[b, o, y, x] = Σ x[b, g·cg + ci, y·s − pad + i·dil, …] · w[o, ci, i, j] (no bias).
 *
 * @example
 * ```ts
 * conv2dKernel(x, w, out, { stride: [1, 1], pad: [1, 1, 1, 1], dilation: [1, 1], groups: 1 });
 * ```
 */
export function conv2dKernel(x: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const d = convDims('conv2d', x.shape, w.shape, out.shape, attrs);
  const xs = dataOf(x, 'conv2d', 'x');
  const ws = dataOf(w, 'conv2d', 'w');
  const os = dataOf(out, 'conv2d', 'out');
  const acc = new Float64Array(os.length);
  forEachTap(d, attrs, (xi, wi, yi) => {
    acc[yi] += xs[xi] * ws[wi];
  });
  storeAll(os, acc, out);
}

/**
 * out = activation(conv2d(x, w) + bias[o]): the float64 sum plus the bias,
 * then the activation, rounded once.
 *
 * @example
 * ```ts
 * conv2dBiasActivationKernel(x, w, b, out, { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }, 'relu');
 * ```
 */
export function conv2dBiasActivationKernel(x: TensorInfo, w: TensorInfo, bias: TensorInfo | null, out: TensorInfo, attrs: Conv2dAttrs, activation: ConvActivation): void {
  const op = 'conv2dBiasActivation';
  const d = convDims(op, x.shape, w.shape, out.shape, attrs);
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== d.co)) throw new ShapeError(`${op}: bias ${fmtShape(bias.shape)} must be [${d.co}]`);
  const xs = dataOf(x, op, 'x');
  const ws = dataOf(w, op, 'w');
  const bs = bias ? dataOf(bias, op, 'bias') : null;
  const os = dataOf(out, op, 'out');
  const acc = new Float64Array(os.length);
  forEachTap(d, attrs, (xi, wi, yi) => {
    acc[yi] += xs[xi] * ws[wi];
  });
  const plane = d.oh * d.ow;
  for (let i = 0; i < acc.length; i++) {
    const v = acc[i] + (bs ? bs[Math.floor(i / plane) % d.co] : 0);
    acc[i] = activation === 'relu' ? Math.max(0, v) : v;
  }
  storeAll(os, acc, out);
}

/**
 * The gradient of conv2d w.r.t. its input: every dy element spread back over
 * the input pixels its window read (also convTranspose2d's forward).
 *
 * @example
 * ```ts
 * conv2dBackpropInputKernel(dy, w, dx, attrs);
 * ```
 */
export function conv2dBackpropInputKernel(dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const d = convDims('conv2dBackpropInput', out.shape, w.shape, dy.shape, attrs);
  const dys = dataOf(dy, 'conv2dBackpropInput', 'dy');
  const ws = dataOf(w, 'conv2dBackpropInput', 'w');
  const os = dataOf(out, 'conv2dBackpropInput', 'out');
  const acc = new Float64Array(os.length);
  forEachTap(d, attrs, (xi, wi, yi) => {
    acc[xi] += dys[yi] * ws[wi];
  });
  storeAll(os, acc, out);
}

/**
 * The gradient of conv2d w.r.t. its filter: Σ over batch and output pixels of dy · x.
 *
 * @example
 * ```ts
 * conv2dBackpropFilterKernel(x, dy, dw, attrs);
 * ```
 */
export function conv2dBackpropFilterKernel(x: TensorInfo, dy: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  const d = convDims('conv2dBackpropFilter', x.shape, out.shape, dy.shape, attrs);
  const xs = dataOf(x, 'conv2dBackpropFilter', 'x');
  const dys = dataOf(dy, 'conv2dBackpropFilter', 'dy');
  const os = dataOf(out, 'conv2dBackpropFilter', 'out');
  const acc = new Float64Array(os.length);
  forEachTap(d, attrs, (xi, wi, yi) => {
    acc[wi] += dys[yi] * xs[xi];
  });
  storeAll(os, acc, out);
}
