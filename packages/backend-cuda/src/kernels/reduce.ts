// reduce and argReduce (native/kernels/reduce.cu): x's dims split into a
// kept layout (giving out's row-major order) and a reduced layout.
import { REDUCE_OPS, type ReduceOp, sizeOf, stridesOf, type TensorInfo } from '@dendrite/core';
import { ptrOf } from '../handle.js';
import { coalesce } from '../layout.js';
import { DTYPE_CODES, LAUNCH, type NativeContext } from '../native.js';
import { LaunchParams } from '../params.js';
import { launch } from './launch.js';

/** Reduces the sorted, unique `axes` of x into out. */
export function reduce(ctx: NativeContext, x: TensorInfo, out: TensorInfo, op: ReduceOp, axes: readonly number[]): void {
  const strides = stridesOf(x.shape);
  const keptDims = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const kept = coalesce({ shape: keptDims.map((d) => x.shape[d]), strides: [keptDims.map((d) => strides[d])] }, 'reduce');
  const red = coalesce({ shape: axes.map((d) => x.shape[d]), strides: [axes.map((d) => strides[d])] }, 'reduce');
  const outCount = sizeOf(keptDims.map((d) => x.shape[d]));
  const redCount = sizeOf(axes.map((d) => x.shape[d]));
  const p = new LaunchParams()
    .push(ptrOf(x, 'reduce'), ptrOf(out, 'reduce'), DTYPE_CODES[x.dtype], REDUCE_OPS.indexOf(op), outCount, redCount)
    .layout(kept)
    .layout(red);
  launch(ctx, `reduce(${op})`, LAUNCH.reduce, p);
}

/** Index of the first max/min along `axis`. */
export function argReduce(ctx: NativeContext, x: TensorInfo, out: TensorInfo, op: 'argmax' | 'argmin', axis: number): void {
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const p = new LaunchParams().push(ptrOf(x, 'argReduce'), ptrOf(out, 'argReduce'), DTYPE_CODES[x.dtype], op === 'argmax' ? 0 : 1, outer, x.shape[axis], inner);
  launch(ctx, op, LAUNCH.argReduce, p);
}
