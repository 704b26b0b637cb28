// fill, unary, binary, where and cast: codes and broadcast layouts for the
// kernels of native/kernels/elementwise.cu.
import { BINARY_OPS, type BinaryOp, sizeOf, type TensorInfo, UNARY_OPS, type UnaryOp } from '@dendrite/core';
import { ptrOf } from '../handle.js';
import { broadcastStrides, coalesce } from '../layout.js';
import { DTYPE_CODES, LAUNCH, type NativeContext } from '../native.js';
import { LaunchParams } from '../params.js';
import { launch } from './launch.js';

/** out = value in out's dtype. */
export function fill(ctx: NativeContext, out: TensorInfo, value: number): void {
  launch(ctx, 'fill', LAUNCH.fill, new LaunchParams().push(ptrOf(out, 'fill'), DTYPE_CODES[out.dtype], sizeOf(out.shape), value));
}

/** out = op(x). */
export function unary(ctx: NativeContext, x: TensorInfo, out: TensorInfo, op: UnaryOp, alpha: number): void {
  const code = UNARY_OPS.indexOf(op);
  const p = new LaunchParams().push(ptrOf(x, 'unary'), ptrOf(out, 'unary'), DTYPE_CODES[x.dtype], DTYPE_CODES[out.dtype], sizeOf(out.shape), code, alpha);
  launch(ctx, `unary(${op})`, LAUNCH.unary, p);
}

/** out = op(a, b), both broadcast to out.shape. */
export function binary(ctx: NativeContext, a: TensorInfo, b: TensorInfo, out: TensorInfo, op: BinaryOp): void {
  const layout = coalesce({ shape: [...out.shape], strides: [broadcastStrides(a.shape, out.shape), broadcastStrides(b.shape, out.shape)] }, 'binary');
  const p = new LaunchParams()
    .push(ptrOf(a, 'binary'), ptrOf(b, 'binary'), ptrOf(out, 'binary'), DTYPE_CODES[a.dtype], DTYPE_CODES[out.dtype], BINARY_OPS.indexOf(op), sizeOf(out.shape))
    .layout(layout);
  launch(ctx, `binary(${op})`, LAUNCH.binary, p);
}

/** out = cond ? a : b, all broadcast to out.shape. */
export function where(ctx: NativeContext, cond: TensorInfo, a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
  const strides = [cond, a, b].map((t) => broadcastStrides(t.shape, out.shape));
  const layout = coalesce({ shape: [...out.shape], strides }, 'where');
  const p = new LaunchParams()
    .push(ptrOf(cond, 'where'), ptrOf(a, 'where'), ptrOf(b, 'where'), ptrOf(out, 'where'), DTYPE_CODES[out.dtype], sizeOf(out.shape))
    .layout(layout);
  launch(ctx, 'where', LAUNCH.where, p);
}

/** out = x converted to out.dtype. */
export function cast(ctx: NativeContext, x: TensorInfo, out: TensorInfo): void {
  const p = new LaunchParams().push(ptrOf(x, 'cast'), ptrOf(out, 'cast'), DTYPE_CODES[x.dtype], DTYPE_CODES[out.dtype], sizeOf(out.shape));
  launch(ctx, 'cast', LAUNCH.cast, p);
}
