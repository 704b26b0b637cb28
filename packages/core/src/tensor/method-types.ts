// The types of Tensor's chainable methods. tensor.ts merges this interface
// into the class (`interface Tensor extends TensorMethods`), so the published
// .d.ts carries every method on the class itself; methods*.ts install the
// implementations on the prototype.
import type { BackwardOptions } from '../autograd/backward.js';
import type { DType } from '../dtype.js';
import type { MatmulOptions } from '../ops/matmul.js';
import type { AvgPool2dOptions, Conv2dOptions, MaxPool2dOptions } from '../ops/nn/index.js';
import type { PadOptions } from '../ops/pad.js';
import type { Axis, VarianceOptions } from '../ops/reduce.js';
import type { TensorLike } from '../ops/util.js';
import type { BinaryOp, UNARY_TABLE, UnaryOp } from '../ops/table/index.js';
import type { Generator } from '../random/generator.js';
import type { Tensor } from './tensor.js';

/** `x.op(o)` for every binary op of the op table. */
export type BinaryMethods = { [K in BinaryOp]: (o: TensorLike) => Tensor };

/** `x.op()` for every unary op of the op table; ops with an attribute take it (`x.leakyRelu(0.2)`, `x.elu(alpha)`). */
export type UnaryMethods = {
  [K in UnaryOp]: (typeof UNARY_TABLE)[K] extends { alpha: object } ? (alpha?: number) => Tensor : () => Tensor;
};

/** The chainable methods of {@link Tensor}; each calls the op of the same name. */
export interface TensorMethods extends BinaryMethods, UnaryMethods {
  /** Accumulates gradients of this (scalar, unless `gradient` is given) tensor into the leaves' `.grad`. */
  backward(gradient?: Tensor, options?: BackwardOptions): void;
  /** Marks this leaf as requiring gradients and returns it. */
  requiresGrad_(value?: boolean): this;
  detach(): Tensor;
  clone(): Tensor;
  /** Copies to another (initialized) backend; the source must read synchronously (use `toAsync` otherwise). */
  to(backend: string): Tensor;
  toAsync(backend: string): Promise<Tensor>;
  cast(dtype: DType): Tensor;
  float(): Tensor;
  /** Casts to float16 (on backends that have it). */
  half(): Tensor;
  int(): Tensor;
  clamp(min?: number, max?: number): Tensor;
  sum(axis?: Axis, keepDims?: boolean): Tensor;
  mean(axis?: Axis, keepDims?: boolean): Tensor;
  prod(axis?: Axis, keepDims?: boolean): Tensor;
  max(axis?: Axis, keepDims?: boolean): Tensor;
  min(axis?: Axis, keepDims?: boolean): Tensor;
  all(axis?: Axis, keepDims?: boolean): Tensor;
  any(axis?: Axis, keepDims?: boolean): Tensor;
  argmax(axis?: number, keepDims?: boolean): Tensor;
  argmin(axis?: number, keepDims?: boolean): Tensor;
  variance(axis?: Axis, options?: VarianceOptions): Tensor;
  std(axis?: Axis, options?: VarianceOptions): Tensor;
  logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
  reshape(shape: readonly number[]): Tensor;
  view(...shape: number[]): Tensor;
  permute(...perm: number[]): Tensor;
  transpose(dim0?: number, dim1?: number): Tensor;
  /** The transpose of a matrix (last two dims). */
  readonly T: Tensor;
  broadcastTo(shape: readonly number[]): Tensor;
  matmul(o: Tensor, options?: MatmulOptions): Tensor;
  /** `flatten(this, startDim, endDim)`. */
  flatten(startDim?: number, endDim?: number): Tensor;
  /** `squeeze(this, axis)`. */
  squeeze(axis?: number | readonly number[]): Tensor;
  /** `unsqueeze(this, axis)`. */
  unsqueeze(axis: number): Tensor;
  /** `slice(this, begin, size)`. */
  slice(begin: readonly number[], size?: readonly number[]): Tensor;
  /** `sliceAxis(this, axis, start, end, step)`. */
  sliceAxis(axis: number, start?: number | null, end?: number | null, step?: number): Tensor;
  /** `pad(this, pads, valueOrOptions)`. */
  pad(pads: readonly (readonly [number, number])[], valueOrOptions?: number | PadOptions): Tensor;
  /** `concat([this, ...others], axis)`. */
  concat(others: readonly Tensor[], axis?: number): Tensor;
  /** `stack([this, ...others], axis)`. */
  stack(others: readonly Tensor[], axis?: number): Tensor;
  /** `split(this, sizeOrSections, axis)`. */
  split(sizeOrSections: number | readonly number[], axis?: number): Tensor[];
  /** `chunk(this, chunks, axis)`. */
  chunk(chunks: number, axis?: number): Tensor[];
  /** `unstack(this, axis)`. */
  unstack(axis?: number): Tensor[];
  /** `tile(this, reps)`. */
  tile(reps: readonly number[]): Tensor;
  /** `repeatInterleave(this, repeats, axis)`. */
  repeatInterleave(repeats: number, axis?: number): Tensor;
  /** `flip(this, axes)`. */
  flip(axes: number | readonly number[]): Tensor;
  /** `gather(this, indices, axis)`. */
  gather(indices: Tensor, axis?: number): Tensor;
  /** `indexSelect(this, axis, indices)`. */
  indexSelect(axis: number, indices: Tensor): Tensor;
  /** `takeAlongAxis(this, indices, axis)`. */
  takeAlongAxis(indices: Tensor, axis: number): Tensor;
  /** `scatterAdd(this, axis, indices, src)`. */
  scatterAdd(axis: number, indices: Tensor, src: Tensor): Tensor;
  /** `oneHot(this, numClasses)` for int32 class ids. */
  oneHot(numClasses: number): Tensor;
  /** `softmax(this, axis)`. */
  softmax(axis?: number): Tensor;
  /** `logSoftmax(this, axis)`. */
  logSoftmax(axis?: number): Tensor;
  /** `conv2d(this, weight, options)`. */
  conv2d(weight: Tensor, options?: Conv2dOptions): Tensor;
  /** `maxPool2d(this, options)`. */
  maxPool2d(options: MaxPool2dOptions): Tensor;
  /** `avgPool2d(this, options)`. */
  avgPool2d(options: AvgPool2dOptions): Tensor;
  /** `dropout(this, p, training, { generator })`. */
  dropout(p?: number, training?: boolean, options?: { generator?: Generator }): Tensor;
}
