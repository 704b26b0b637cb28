// The fused kernels: implicit-GEMM convolutions, pooling, softmax,
// batch/layer norm and gridSample (native/kernels/{conv,pool,rows,grid-sample}.cu).
// They take float32 only, as the core calls them.
import { type Conv2dAttrs, DTypeError, type GridSampleAttrs, type Pool2dAttrs, sizeOf, type TensorInfo } from '@dendrite/core';
import { ptrOf } from '../handle.js';
import { LAUNCH, type NativeContext } from '../native.js';
import { LaunchParams } from '../params.js';
import { launch } from './launch.js';

function float32Only(op: string, named: Record<string, TensorInfo>): void {
  for (const [name, t] of Object.entries(named)) {
    if (t.dtype !== 'float32') throw new DTypeError(`cuda ${op}: '${name}' must be float32, got ${t.dtype}`);
  }
}

/** Geometry of a convolution from its image [N, C, H, W], filter [Co, C/g, KH, KW] and output [N, Co, OH, OW]. */
function convGeometry(image: readonly number[], filter: readonly number[], output: readonly number[], attrs: Conv2dAttrs): number[] {
  const [n, c, h, w] = image;
  const [co, , kh, kw] = filter;
  const [, , oh, ow] = output;
  return [n, c, h, w, co, kh, kw, oh, ow, attrs.stride[0], attrs.stride[1], attrs.pad[0], attrs.pad[2], attrs.dilation[0], attrs.dilation[1], attrs.groups];
}

export function conv2d(ctx: NativeContext, x: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  float32Only('conv2d', { x, w, out });
  const p = new LaunchParams().push(ptrOf(x, 'conv2d'), ptrOf(w, 'conv2d'), ptrOf(out, 'conv2d'), ...convGeometry(x.shape, w.shape, out.shape, attrs));
  launch(ctx, 'conv2d', LAUNCH.conv2d, p);
}

export function conv2dBackpropInput(ctx: NativeContext, dy: TensorInfo, w: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  float32Only('conv2dBackpropInput', { dy, w, out });
  const op = 'conv2dBackpropInput';
  const p = new LaunchParams().push(ptrOf(dy, op), ptrOf(w, op), ptrOf(out, op), ...convGeometry(out.shape, w.shape, dy.shape, attrs));
  launch(ctx, op, LAUNCH.conv2dBackpropInput, p);
}

export function conv2dBackpropFilter(ctx: NativeContext, x: TensorInfo, dy: TensorInfo, out: TensorInfo, attrs: Conv2dAttrs): void {
  float32Only('conv2dBackpropFilter', { x, dy, out });
  const op = 'conv2dBackpropFilter';
  const p = new LaunchParams().push(ptrOf(x, op), ptrOf(dy, op), ptrOf(out, op), ...convGeometry(x.shape, out.shape, dy.shape, attrs));
  launch(ctx, op, LAUNCH.conv2dBackpropFilter, p);
}

/** planes, H, W, OH, OW, KH, KW, SH, SW, top, left of a pooling from its image and pooled shapes. */
function poolGeometry(image: readonly number[], pooled: readonly number[], attrs: Pool2dAttrs): number[] {
  const [n, c, h, w] = image;
  return [n * c, h, w, pooled[2], pooled[3], attrs.kernel[0], attrs.kernel[1], attrs.stride[0], attrs.stride[1], attrs.pad[0], attrs.pad[2]];
}

export function maxPool2d(ctx: NativeContext, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  float32Only('maxPool2d', { x, out });
  launch(ctx, 'maxPool2d', LAUNCH.maxPool2d, new LaunchParams().push(ptrOf(x, 'maxPool2d'), ptrOf(out, 'maxPool2d'), ...poolGeometry(x.shape, out.shape, attrs)));
}

export function maxPool2dBackward(ctx: NativeContext, dy: TensorInfo, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  float32Only('maxPool2dBackward', { dy, x, out });
  const op = 'maxPool2dBackward';
  launch(ctx, op, LAUNCH.maxPool2dBackward, new LaunchParams().push(ptrOf(dy, op), ptrOf(x, op), ptrOf(out, op), ...poolGeometry(x.shape, dy.shape, attrs)));
}

export function avgPool2d(ctx: NativeContext, x: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  float32Only('avgPool2d', { x, out });
  const p = new LaunchParams().push(ptrOf(x, 'avgPool2d'), ptrOf(out, 'avgPool2d'), ...poolGeometry(x.shape, out.shape, attrs), attrs.countIncludePad);
  launch(ctx, 'avgPool2d', LAUNCH.avgPool2d, p);
}

export function avgPool2dBackward(ctx: NativeContext, dy: TensorInfo, out: TensorInfo, attrs: Pool2dAttrs): void {
  float32Only('avgPool2dBackward', { dy, out });
  const op = 'avgPool2dBackward';
  const p = new LaunchParams().push(ptrOf(dy, op), ptrOf(out, op), ...poolGeometry(out.shape, dy.shape, attrs), attrs.countIncludePad);
  launch(ctx, op, LAUNCH.avgPool2dBackward, p);
}

/** Rows and row length of a last-axis op (a scalar is one row of length 1). */
function rows(shape: readonly number[]): [number, number] {
  const len = shape.length === 0 ? 1 : shape[shape.length - 1];
  return [len === 0 ? 0 : sizeOf(shape) / len, len];
}

export function softmax(ctx: NativeContext, x: TensorInfo, out: TensorInfo, log: boolean): void {
  const op = log ? 'logSoftmax' : 'softmax';
  float32Only(op, { x, out });
  launch(ctx, op, LAUNCH.softmax, new LaunchParams().push(ptrOf(x, op), ptrOf(out, op), ...rows(x.shape), log));
}

export function batchNorm(
  ctx: NativeContext,
  x: TensorInfo,
  mean: TensorInfo,
  variance: TensorInfo,
  gamma: TensorInfo,
  beta: TensorInfo,
  out: TensorInfo,
  eps: number,
): void {
  const op = 'batchNorm';
  float32Only(op, { x, mean, variance, gamma, beta, out });
  const p = new LaunchParams().push(
    ...[x, mean, variance, gamma, beta, out].map((t) => ptrOf(t, op)),
    sizeOf(x.shape),
    x.shape[1],
    sizeOf(x.shape.slice(2)),
    eps,
  );
  launch(ctx, op, LAUNCH.batchNorm, p);
}

export function layerNorm(ctx: NativeContext, x: TensorInfo, gamma: TensorInfo, beta: TensorInfo, out: TensorInfo, eps: number): void {
  const op = 'layerNorm';
  float32Only(op, { x, gamma, beta, out });
  launch(ctx, op, LAUNCH.layerNorm, new LaunchParams().push(...[x, gamma, beta, out].map((t) => ptrOf(t, op)), ...rows(x.shape), eps));
}

export function gridSample(ctx: NativeContext, x: TensorInfo, grid: TensorInfo, out: TensorInfo, attrs: GridSampleAttrs): void {
  const op = 'gridSample';
  float32Only(op, { x, grid, out });
  const [n, c, h, w] = x.shape;
  const p = new LaunchParams().push(
    ptrOf(x, op),
    ptrOf(grid, op),
    ptrOf(out, op),
    n,
    c,
    h,
    w,
    grid.shape[1],
    grid.shape[2],
    attrs.mode === 'nearest',
    attrs.padding === 'border',
    attrs.alignCorners,
  );
  launch(ctx, op, LAUNCH.gridSample, p);
}
